// Tags for the message being written: keywords set on the draft, which stay on the sent copy
// (sending only clears $draft), so the user finds it in Sent under its coloured tag.
import type { MailController } from '../mail/controller.ts';
import { useI18n } from '../i18n/i18n.ts';
import { colorIndex } from './folder-pane.tsx';

export function ComposeTags({
  controller,
  value,
  onChange,
}: {
  controller: MailController;
  value: string[];
  onChange: (tags: string[]) => void;
}) {
  const { t } = useI18n();
  const tags = Object.entries(controller.prefs.tagColors());
  if (tags.length === 0) return null;
  return (
    <fieldset className="compose-tags">
      <legend>{t('tags.title')}</legend>
      {tags.map(([tag, color]) => (
        <label key={tag} className="tag-option">
          <input
            type="checkbox"
            checked={value.includes(tag)}
            onChange={(e) => onChange(e.target.checked ? [...value, tag] : value.filter((x) => x !== tag))}
          />{' '}
          <span className={`tag color-${String(colorIndex(color))}`}>{tag}</span>
        </label>
      ))}
    </fieldset>
  );
}
