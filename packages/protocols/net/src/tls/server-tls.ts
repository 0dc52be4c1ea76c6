// Server-side TLS over an accepted TCP socket (STARTTLS, STLS, and implicit TLS listeners that
// accept plain TCP), wrapped only once the client's first bytes (its ClientHello) are here.
//
// Why wait: Node's TLS layer keeps its encrypted input in a buffer whose size is fixed by the
// first read into it. Wrapped at once, that first read is libuv's 64 KiB suggestion, held for
// the socket's whole life; in a busy process malloc hands it out from recycled, already dirty
// memory, so an idle TLS session carried ~18 KB more resident memory than a plain one. Fed the
// ClientHello first, the buffer is the ClientHello's size (0.5–2 KB) and stays so: each later
// read fills it and TLS drains it at once. A 100 MB upload took as many reads and as much CPU
// either way.
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { unwatchDeadline, watchDeadline } from '../deadlines.js';
import type { UpgradeTlsOptions } from './tls-manager.js';

/**
 * The TLS socket over `plain`, created when the client's first bytes arrive; null (and `plain`
 * destroyed) if it closed, failed or stayed silent for `timeoutMs` first.
 */
export function wrapServerTls(
  plain: Socket,
  options: UpgradeTlsOptions,
  timeoutMs: number,
): Promise<TLSSocket | null> {
  return new Promise((resolve) => {
    const settle = (secure: TLSSocket | null) => {
      plain.off('data', onData);
      plain.off('end', onGone);
      plain.off('close', onGone);
      plain.off('error', onGone);
      unwatchDeadline(deadline, timeoutMs);
      resolve(secure);
    };
    const onGone = () => {
      settle(null);
      discard(plain);
    };
    const onData = (chunk: Buffer) => {
      // Back into the socket's queue: the TLS socket injects what is queued before it reads.
      plain.pause();
      plain.unshift(chunk);
      settle(
        new TLSSocket(plain, {
          isServer: true,
          secureContext: options.secureContext,
          SNICallback: options.SNICallback,
        }),
      );
    };
    plain.on('data', onData);
    // A socket paused by its previous reader (a PROXY header, a full line buffer) would never
    // deliver the ClientHello to a new 'data' listener.
    plain.resume();
    plain.once('end', onGone);
    plain.once('close', onGone);
    plain.once('error', onGone);
    // A shared sweep, not plain.setTimeout(): that would leave a Timeout on the socket for life.
    const deadline = { deadline: Date.now() + timeoutMs, expire: onGone };
    watchDeadline(deadline, timeoutMs);
  });
}

/**
 * Resolves true once the handshake completed; false (and `secure` destroyed) on error, close or
 * after `timeoutMs`.
 */
export function awaitHandshake(secure: TLSSocket, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const settle = (isSecure: boolean) => {
      secure.off('secure', onSecure);
      secure.off('error', onFailed);
      secure.off('close', onFailed);
      unwatchDeadline(deadline, timeoutMs);
      resolve(isSecure);
    };
    const onSecure = () => {
      settle(true);
    };
    const onFailed = () => {
      settle(false);
      discard(secure);
    };
    secure.once('secure', onSecure);
    secure.once('error', onFailed);
    secure.once('close', onFailed);
    const deadline = { deadline: Date.now() + timeoutMs, expire: onFailed };
    watchDeadline(deadline, timeoutMs);
  });
}

/**
 * wrapServerTls() then awaitHandshake(): the secure socket once the handshake is through, or null
 * (the socket destroyed) when the client left, failed or stayed silent for `timeoutMs`.
 */
export async function acceptServerTls(
  plain: Socket,
  options: UpgradeTlsOptions,
  timeoutMs: number,
): Promise<TLSSocket | null> {
  const secure = await wrapServerTls(plain, options, timeoutMs);
  return secure !== null && (await awaitHandshake(secure, timeoutMs)) ? secure : null;
}

/** Destroys a socket nobody listens to any more; a late error must not crash the process. */
function discard(socket: Socket): void {
  socket.on('error', () => undefined);
  socket.destroy();
}
