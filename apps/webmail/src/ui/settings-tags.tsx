// Settings section: tags and their colours (Preferences.tagColors). Each change is saved at
// once, optimistically; a failed save reverts and shows a toast.
import { useState } from 'react';
import type { MailController } from '../mail/controller.ts';
import { useI18n } from '../i18n/i18n.ts';
import { TAG_COLORS } from '../mail/prefs.ts';
import { toKeyword } from '../mail/search.ts';
import { ColorPicker } from './tag-menu.tsx';

export function TagSettings({ controller }: { controller: MailController }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [color, setColor] = useState(TAG_COLORS[0] ?? '#b3261e');
  const tags = Object.entries(controller.prefs.tagColors());
  const create = () => {
    const keyword = toKeyword(name.trim());
    if (!keyword) return;
    void controller.prefs.setTagColor(keyword, color);
    setName('');
  };
  return (
    <section aria-labelledby="settings-tags">
      <h3 id="settings-tags">{t('tags.title')}</h3>
      <ul className="settings-tags">
        {tags.map(([tag, tagColor]) => (
          <li key={tag}>
            <ColorPicker
              name={`tag-${tag}`}
              label={t('settings.tagColor', { name: tag })}
              value={tagColor}
              onPick={(c) => void controller.prefs.setTagColor(tag, c)}
            />
            <button type="button" onClick={() => void controller.prefs.setTagColor(tag, null)}>
              {t('settings.removeTag', { name: tag })}
            </button>
          </li>
        ))}
      </ul>
      <label htmlFor="settings-new-tag">{t('tags.new')}</label>
      <input
        id="settings-new-tag"
        value={name}
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            create();
          }
        }}
      />
      <ColorPicker name="settings-new-tag-color" label={t('tags.color')} value={color} onPick={setColor} />
      <button type="button" onClick={create}>
        {t('tags.add')}
      </button>
    </section>
  );
}

/** Settings section: senders and domains whose remote images load through the proxy. */
export function RemoteImageSettings({ controller }: { controller: MailController }) {
  const { t } = useI18n();
  const senders = controller.prefs.value.remoteImageSenders;
  return (
    <section aria-labelledby="settings-remote">
      <h3 id="settings-remote">{t('settings.remoteImages')}</h3>
      {senders.length === 0 ? (
        <p>{t('settings.remoteImagesNone')}</p>
      ) : (
        <ul>
          {senders.map((entry) => (
            <li key={entry}>
              {entry}{' '}
              <button type="button" onClick={() => void controller.prefs.forbidRemote(entry)}>
                {t('settings.remoteImagesRemove', { entry })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
