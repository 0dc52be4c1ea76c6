// Actions on the selected messages, threads toggle and selection count.
import type { MailController } from '../mail/controller.ts';
import { useI18n } from '../i18n/i18n.ts';
import { useMailActions } from './mail-actions.ts';
import { TagMenu } from './tag-menu.tsx';

export function Toolbar({ controller }: { controller: MailController }) {
  const { t } = useI18n();
  const actions = useMailActions(controller);
  const ids = [...controller.selected];
  const none = ids.length === 0;
  const inJunk = actions.isJunkView();
  const allRead = ids.every((id) => controller.emails.get(id)?.keywords['$seen']);
  return (
    <div className="toolbar" role="toolbar" aria-label={t('list.label')}>
      <label className="threads">
        <input
          type="checkbox"
          checked={controller.collapseThreads}
          onChange={(e) => controller.setThreads(e.target.checked)}
        />{' '}
        {t('list.threads')}
      </label>
      {!none && (
        <span className="count" role="status">
          {t('list.selected', { count: ids.length })}
        </span>
      )}
      <button type="button" disabled={none} onClick={() => void actions.remove(ids)} aria-keyshortcuts="#">
        {t('actions.delete')}
      </button>
      <button
        type="button"
        disabled={none || !controller.role('archive')}
        onClick={() => void actions.archive(ids)}
        aria-keyshortcuts="e"
      >
        {t('actions.archive')}
      </button>
      {inJunk ? (
        <button type="button" disabled={none} onClick={() => void actions.notSpam(ids)} aria-keyshortcuts="!">
          {t('actions.notSpam')}
        </button>
      ) : (
        <button
          type="button"
          disabled={none || !controller.role('junk')}
          onClick={() => void actions.spam(ids)}
          aria-keyshortcuts="!"
        >
          {t('actions.spam')}
        </button>
      )}
      <button
        type="button"
        disabled={none}
        onClick={() => void controller.setKeyword(ids, '$seen', !allRead)}
      >
        {allRead ? t('actions.markUnread') : t('actions.markRead')}
      </button>
      <label className="sr-only" htmlFor="move-select">
        {t('actions.moveTo')}
      </label>
      <select
        id="move-select"
        disabled={none}
        value=""
        onChange={(e) => e.target.value && void actions.moveTo(ids, e.target.value)}
      >
        <option value="">{t('actions.moveTo')}</option>
        {controller.mailboxes.map((m) => (
          <option key={m.id} value={m.id}>
            {actions.folderName(m.id)}
          </option>
        ))}
      </select>
      {!none && <TagMenu controller={controller} ids={ids} />}
    </div>
  );
}
