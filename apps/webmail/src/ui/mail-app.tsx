// The mail view: folders | list | reader, with toolbar, shortcuts, toasts and lazy compose.
import { lazy, Suspense, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { JmapClient } from '../jmap/client.ts';
import type { Email } from '../jmap/types.ts';
import { MailController } from '../mail/controller.ts';
import { useI18n, type Locale } from '../i18n/i18n.ts';
import { FolderPane } from './folder-pane.tsx';
import { MessageList } from './message-list.tsx';
import { Reader } from './reader.tsx';
import { Toasts } from './toasts.tsx';
import { SearchBar } from './search-bar.tsx';
import { ScheduledView } from './scheduled-view.tsx';
import { useShortcuts } from './shortcuts.ts';
import { LanguageSelect } from './language-select.tsx';
import type { ComposeStart } from './compose-types.ts';

// The editor (tiptap) and settings load on first use, outside the mail-view budget.
const loadCompose = () => import('./compose.tsx');
const Compose = lazy(loadCompose);
const Settings = lazy(() => import('./settings-dialog.tsx'));

export function MailApp({
  client,
  onLogout,
  onLocale,
}: {
  client: JmapClient;
  onLogout: () => void;
  onLocale: (l: Locale) => void;
}) {
  const { t } = useI18n();
  const controller = useMemo(() => new MailController(client), [client]);
  useSyncExternalStore(controller.subscribe, controller.getVersion);
  const [compose, setCompose] = useState<ComposeStart | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [pane, setPane] = useState<'folders' | 'list' | 'reader'>('list');

  useEffect(() => {
    controller.describePrefsError = (error) =>
      t('settings.saveFailed', { message: error instanceof Error ? error.message : String(error) });
    controller.onNewMail = (notice) => {
      controller.toast(t('toast.newMail', { from: notice.from }));
      if ('Notification' in window && Notification.permission === 'granted' && document.hidden) {
        new Notification(t('toast.newMail', { from: notice.from }), {
          body: notice.subject,
          tag: 'chasqui-new-mail',
        });
      }
    };
  }, [controller, t]);

  useEffect(() => {
    void controller.start().catch((e: unknown) => controller.toast(String(e)));
    return () => controller.stop();
  }, [controller]);

  // Fetch the compose chunk once the mail view is up, so Reply/New open at once instead of
  // showing a loading gap (during which a second click lands on the reader's buttons).
  useEffect(() => {
    const timer = setTimeout(() => void loadCompose().catch(() => undefined), 1000);
    return () => clearTimeout(timer);
  }, []);

  const openReply = (mode: 'reply' | 'replyAll' | 'forward', original: Email, text: string) =>
    setCompose({ mode, original, text });
  useShortcuts(controller, { onCompose: () => setCompose({ mode: 'new' }), onReply: openReply });

  useEffect(() => setPane(controller.openId ? 'reader' : 'list'), [controller.openId]);

  return (
    <div className={`mail-app pane-${pane}`}>
      <header className="topbar">
        <button
          type="button"
          className="icon only-narrow"
          aria-label={t('common.menu')}
          onClick={() => setPane(pane === 'folders' ? 'list' : 'folders')}
        >
          ☰
        </button>
        <h1 className="brand">{t('app.name')}</h1>
        <SearchBar controller={controller} />
        <button
          type="button"
          className="primary"
          onClick={() => setCompose({ mode: 'new' })}
          aria-keyshortcuts="c"
        >
          {t('compose.title')}
        </button>
        <button type="button" onClick={() => setSettingsOpen(true)}>
          {t('common.settings')}
        </button>
        <LanguageSelect onLocale={onLocale} />
        <button type="button" onClick={onLogout}>
          {t('common.logout')}
        </button>
      </header>
      {!controller.pushConnected && (
        <p className="banner" role="status">
          {t('status.offline')}
        </p>
      )}
      <div className="columns">
        <FolderPane controller={controller} onNavigate={() => setPane('list')} />
        {controller.view.kind === 'scheduled' ? (
          <ScheduledView controller={controller} />
        ) : (
          <MessageList
            controller={controller}
            onOpenDraft={(email) => setCompose({ mode: 'draft', original: email, text: '' })}
          />
        )}
        <Reader
          controller={controller}
          onReply={openReply}
          onBack={() => {
            controller.openId = null;
            controller.changed();
          }}
        />
      </div>
      <Toasts controller={controller} />
      <Suspense
        fallback={
          <p className="splash" role="status">
            {t('common.loading')}
          </p>
        }
      >
        {compose && <Compose controller={controller} start={compose} onClose={() => setCompose(null)} />}
        {settingsOpen && <Settings controller={controller} onClose={() => setSettingsOpen(false)} />}
      </Suspense>
    </div>
  );
}
