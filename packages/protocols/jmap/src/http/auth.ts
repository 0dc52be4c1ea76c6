// Authentication for the JMAP endpoints: HTTP Basic through the directory (protocol 'jmap'),
// bearer tokens from POST /jmap/auth, and the webmail's HttpOnly cookie `chasqui_session`
// whose non-GET requests must carry `X-Chasqui-CSRF` equal to the value given at login.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { isChasquiError } from '@chasqui/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Account } from '../api/account.js';
import type { JmapServices } from '../api/types.js';

interface Session {
  readonly accountAddress: string;
  readonly csrf: string;
  readonly expires: number;
}

export const cookieName = 'chasqui_session';

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieValue(header: string | undefined): string | null {
  for (const piece of (header ?? '').split(';')) {
    const [name, ...rest] = piece.trim().split('=');
    if (name === cookieName) return rest.join('=');
  }
  return null;
}

export class SessionTokens {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly services: () => JmapServices,
    private readonly ttlMs: number,
  ) {}

  /** Logs in with a password; returns the token and the CSRF value. */
  async login(
    username: string,
    password: string,
    remoteIp: string,
  ): Promise<{ accessToken: string; csrfToken: string; account: Account }> {
    const account = await this.services().directory.authenticate({
      username,
      password,
      protocol: 'jmap',
      remoteIp,
    });
    const accessToken = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    this.sessions.set(accessToken, {
      accountAddress: account.address,
      csrf: csrfToken,
      expires: this.services().clock.now() + this.ttlMs,
    });
    return { accessToken, csrfToken, account };
  }

  /** Ends the session of the request's bearer token or cookie; false when it carries none. */
  logout(request: FastifyRequest): boolean {
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : cookieValue(request.headers.cookie);
    return token !== null && this.sessions.delete(token);
  }

  /** The account of the request, or null (the caller answers 401). */
  async authenticate(request: FastifyRequest): Promise<Account | null> {
    const header = request.headers.authorization ?? '';
    if (header.startsWith('Basic ')) return this.basic(header.slice(6), request.ip);
    if (header.startsWith('Bearer ')) return this.token(header.slice(7));
    const cookie = cookieValue(request.headers.cookie);
    if (cookie === null) return null;
    const session = this.sessions.get(cookie);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const sent = request.headers['x-chasqui-csrf'];
      if (!session || typeof sent !== 'string' || !sameText(sent, session.csrf)) return null;
    }
    return this.token(cookie);
  }

  private async basic(encoded: string, remoteIp: string): Promise<Account | null> {
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    try {
      return await this.services().directory.authenticate({
        username: decoded.slice(0, colon),
        password: decoded.slice(colon + 1),
        protocol: 'jmap',
        remoteIp,
      });
    } catch {
      return null;
    }
  }

  private async token(token: string): Promise<Account | null> {
    const session = this.sessions.get(token);
    if (!session) return null;
    if (session.expires <= this.services().clock.now()) {
      this.sessions.delete(token);
      return null;
    }
    return this.services().directory.getAccount(session.accountAddress);
  }
}

/**
 * The 401 answer: a JSON problem, plus the Basic challenge for JMAP clients. Scripts in a
 * browser (fetch sends Sec-Fetch-Mode) get no challenge: it would pop up the browser's own
 * password dialog over the webmail's login page.
 */
export function unauthorized(reply: FastifyReply): FastifyReply {
  const mode = reply.request.headers['sec-fetch-mode'];
  if (mode === undefined || mode === 'navigate') reply.header('www-authenticate', 'Basic realm="Chasqui"');
  return reply
    .code(401)
    .type('application/problem+json')
    .send({ type: 'about:blank', status: 401, detail: 'authentication required' });
}

/**
 * A failed webmail login, with the reason the page should explain: locked after too many tries
 * (429 + Retry-After), password expired, account disabled, or simply wrong credentials.
 */
export function loginRefused(reply: FastifyReply, error: unknown): FastifyReply {
  const problem = (status: number, type: string, detail: string) =>
    reply.code(status).type('application/problem+json').send({ type, status, detail });
  if (isChasquiError(error, 'AUTH_THROTTLED')) {
    const seconds = Number(/(\d+) s/.exec(error.message)?.[1] ?? 300);
    reply.header('retry-after', String(seconds));
    return problem(429, 'accountLocked', error.message);
  }
  if (isChasquiError(error, 'PASSWORD_EXPIRED')) return problem(401, 'passwordExpired', 'password expired');
  if (isChasquiError(error, 'ACCOUNT_DISABLED')) return problem(403, 'accountDisabled', error.message);
  return problem(401, 'invalidCredentials', 'wrong username or password');
}
