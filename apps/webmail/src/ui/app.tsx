// Top level: restores the session from the cookie, shows login or the mail view,
// and provides the language.
import { useEffect, useMemo, useState } from 'react';
import { JmapClient, JmapRequestError } from '../jmap/client.ts';
import { logout } from '../jmap/auth.ts';
import { I18nContext, initialLocale, makeI18n, saveLocale, type Locale } from '../i18n/i18n.ts';
import { LoginView } from './login-view.tsx';
import { MailApp } from './mail-app.tsx';

const CSRF_KEY = 'chasqui.csrf';

type Phase = { kind: 'loading' } | { kind: 'login' } | { kind: 'ready'; client: JmapClient };

export function App() {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const i18n = useMemo(() => makeI18n(locale), [locale]);
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });

  const connect = async (csrfToken: string | null): Promise<void> => {
    const client = new JmapClient({ csrfToken });
    try {
      await client.loadSession();
      setPhase({ kind: 'ready', client });
    } catch (error) {
      if (!(error instanceof JmapRequestError)) console.error(error);
      setPhase({ kind: 'login' });
    }
  };

  useEffect(() => {
    document.documentElement.lang = locale;
    void connect(sessionStorage.getItem(CSRF_KEY));
    // Only on first mount: later logins call connect() themselves.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const changeLocale = (next: Locale) => {
    saveLocale(next);
    setLocale(next);
  };

  return (
    <I18nContext.Provider value={i18n}>
      {phase.kind === 'loading' && (
        <p className="splash" role="status">
          {i18n.t('common.loading')}
        </p>
      )}
      {phase.kind === 'login' && (
        <LoginView
          onLocale={changeLocale}
          onLoggedIn={(csrf) => {
            if (csrf) sessionStorage.setItem(CSRF_KEY, csrf);
            void connect(csrf);
          }}
        />
      )}
      {phase.kind === 'ready' && (
        <MailApp
          client={phase.client}
          onLocale={changeLocale}
          onLogout={() => {
            void logout(phase.client.csrfToken).then(() => {
              sessionStorage.removeItem(CSRF_KEY);
              setPhase({ kind: 'login' });
            });
          }}
        />
      )}
    </I18nContext.Provider>
  );
}
