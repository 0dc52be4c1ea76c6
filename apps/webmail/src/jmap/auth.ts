// Login against POST /jmap/auth (Chasqui): sets the HttpOnly session cookie and returns the
// CSRF token that every non-GET request must echo in X-Chasqui-CSRF.

export type LoginFailure = 'invalid' | 'locked' | 'expired' | 'disabled' | 'network' | 'server';

export type LoginResult =
  | { ok: true; csrfToken: string | null; accessToken: string | null }
  | { ok: false; reason: LoginFailure; retryAfterSeconds: number | null };

interface AuthBody {
  accessToken?: string;
  csrfToken?: string;
  type?: string;
  error?: string;
  detail?: string;
  reason?: string;
}

/** Maps the server's answer to one failure reason the UI can explain. */
export function classifyLoginFailure(status: number, body: AuthBody): LoginFailure {
  const text = [body.type, body.error, body.reason, body.detail].filter(Boolean).join(' ').toLowerCase();
  if (status === 429 || /lock|too.?many|rate|bloque/.test(text)) return 'locked';
  if (/expir|caduc|change.?password/.test(text)) return 'expired';
  if (/disabled|suspend|inactive/.test(text)) return 'disabled';
  if (status === 401 || status === 403 || status === 400) return 'invalid';
  return 'server';
}

export async function login(
  username: string,
  password: string,
  fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis),
): Promise<LoginResult> {
  let response: Response;
  try {
    response = await fetchImpl('/jmap/auth', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  } catch {
    return { ok: false, reason: 'network', retryAfterSeconds: null };
  }
  let body: AuthBody = {};
  try {
    body = (await response.json()) as AuthBody;
  } catch {
    // An empty or non-JSON body still has a status to classify.
  }
  if (response.ok) {
    return { ok: true, csrfToken: body.csrfToken ?? null, accessToken: body.accessToken ?? null };
  }
  const retry = Number(response.headers.get('Retry-After'));
  return {
    ok: false,
    reason: classifyLoginFailure(response.status, body),
    retryAfterSeconds: Number.isFinite(retry) && retry > 0 ? retry : null,
  };
}

/** Ends the session; the server clears the cookie. Best effort. */
export async function logout(csrfToken: string | null): Promise<void> {
  try {
    await fetch('/jmap/auth', {
      method: 'DELETE',
      credentials: 'same-origin',
      headers: csrfToken ? { 'X-Chasqui-CSRF': csrfToken } : {},
    });
  } catch {
    // Offline: the cookie expires on its own.
  }
}
