// Server-side TLS on an accepted socket: implicit TLS (RFC 8314) once any PROXY header is read,
// and the STLS upgrade (RFC 2595 §4). Every handshake reuses the TlsManager's current context,
// so a reloaded certificate applies to the next connection without a context per socket.
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { awaitHandshake, wrapServerTls, type UpgradeTlsOptions } from '@chasqui/net';

/** Where a connection gets its TLS context; called at each handshake. */
export type ServerTlsSource = () => UpgradeTlsOptions;

/**
 * Wraps `socket` in TLS as the server and waits for the handshake: the secure socket, or null
 * (socket destroyed) when it fails, the peer leaves or `timeoutMs` passes. Bytes still buffered
 * on `socket` (read with a PROXY header) reach TLS as the client's first bytes.
 */
export async function acceptTls(
  socket: Socket,
  source: ServerTlsSource,
  timeoutMs: number,
): Promise<TLSSocket | null> {
  const secure = await wrapServerTls(socket, source(), timeoutMs);
  return secure !== null && (await awaitHandshake(secure, timeoutMs)) ? secure : null;
}
