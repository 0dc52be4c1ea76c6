// Toggle coloured tags (JMAP keywords) on messages; new tags get a colour stored per account.
import { useState } from 'react';
import type { MailController } from '../mail/controller.ts';
import { useI18n } from '../i18n/i18n.ts';
import { TAG_COLORS } from '../mail/prefs.ts';
import { toKeyword } from '../mail/search.ts';

export function TagMenu({ controller, ids }: { controller: MailController; ids: string[] }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [color, setColor] = useState(TAG_COLORS[0] ?? '#b3261e');
  const tags = controller.prefs.tagColors();
  const has = (tag: string) => ids.every((id) => controller.emails.get(id)?.keywords[tag]);
  const create = () => {
    const keyword = toKeyword(name.trim());
    if (!keyword) return;
    void controller.prefs.setTagColor(keyword, color);
    void controller.setKeyword(ids, keyword, true);
    setName('');
  };
  return (
    <div className="tag-menu">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('actions.tag')}
      </button>
      {open && (
        <div className="popover" role="group" aria-label={t('tags.title')}>
          {Object.entries(tags).map(([tag]) => (
            <label key={tag} className="tag-option">
              <input
                type="checkbox"
                checked={has(tag)}
                onChange={(e) => void controller.setKeyword(ids, tag, e.target.checked)}
              />{' '}
              {tag}
            </label>
          ))}
          <label htmlFor="new-tag">{t('tags.new')}</label>
          <input
            id="new-tag"
            value={name}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && create()}
          />
          <ColorPicker name="tag-color" label={t('tags.color')} value={color} onPick={setColor} />
          <button type="button" onClick={create}>
            {t('common.save')}
          </button>
        </div>
      )}
    </div>
  );
}

/** A radio group of the tag palette's colours. */
export function ColorPicker({
  name,
  label,
  value,
  onPick,
}: {
  name: string;
  label: string;
  value: string;
  onPick: (color: string) => void;
}) {
  return (
    <fieldset className="swatches">
      <legend>{label}</legend>
      {TAG_COLORS.map((c, i) => (
        <label key={c} className={`swatch color-${String(i)}`}>
          <input type="radio" name={name} checked={value === c} onChange={() => onPick(c)} aria-label={c} />
        </label>
      ))}
    </fieldset>
  );
}
