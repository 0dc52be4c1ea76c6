// Login form with one clear message per failure: wrong password, locked, expired, …
import { useState, type SyntheticEvent } from 'react';
import { login, type LoginFailure } from '../jmap/auth.ts';
import { useI18n, type Locale } from '../i18n/i18n.ts';
import { LanguageSelect } from './language-select.tsx';

export function LoginView({
  onLoggedIn,
  onLocale,
}: {
  onLoggedIn: (csrf: string | null) => void;
  onLocale: (l: Locale) => void;
}) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ reason: LoginFailure; retry: number | null } | null>(null);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await login(username.trim(), password);
    setBusy(false);
    if (result.ok) onLoggedIn(result.csrfToken);
    else {
      setError({ reason: result.reason, retry: result.retryAfterSeconds });
      setPassword('');
    }
  };

  const message = error
    ? error.reason === 'locked' && error.retry
      ? t('login.error.lockedFor', { minutes: Math.ceil(error.retry / 60) })
      : t(`login.error.${error.reason}`)
    : null;

  return (
    <main className="login">
      <form
        className="login-card"
        onSubmit={(e) => void submit(e)}
        aria-describedby={message ? 'login-error' : undefined}
      >
        <h1>{t('app.name')}</h1>
        <h2>{t('login.title')}</h2>
        <label htmlFor="login-user">{t('login.username')}</label>
        <input
          id="login-user"
          type="email"
          autoComplete="username"
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <label htmlFor="login-password">{t('login.password')}</label>
        <input
          id="login-password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {message && (
          <p id="login-error" className={`login-error login-error-${error?.reason ?? ''}`} role="alert">
            {message}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
        <LanguageSelect onLocale={onLocale} />
      </form>
    </main>
  );
}
