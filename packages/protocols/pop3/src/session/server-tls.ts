// Server-side TLS on an accepted socket: implicit TLS (RFC 8314) once any PROXY header is read,
// and the STLS upgrade (RFC 2595 §4). Every handshake reuses the TlsManager's current context,
// so a reloaded certificate applies to the next connection without a context per socket.
import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';

export interface ServerTlsContext {
  readonly secureContext: SecureContext;
  readonly SNICallback: (name: string, done: (error: Error | null, context?: SecureContext) => void) => void;
}

/** Where a connection gets its TLS context; called at each handshake. */
export type ServerTlsSource = () => ServerTlsContext;

/**
 * Wraps `socket` in TLS as the server and waits for the handshake: the secure socket, or null
 * (socket destroyed) when it fails, the peer leaves or `timeoutMs` passes.
 */
export function acceptTls(
  socket: Socket,
  source: ServerTlsSource,
  timeoutMs: number,
): Promise<TLSSocket | null> {
  const context = source();
  // Bytes still buffered on `socket` (read with a PROXY header) are handed to TLS by Node on
  // the next tick; resuming `socket` first would spill them to nobody.
  const secure = new TLSSocket(socket, {
    isServer: true,
    secureContext: context.secureContext,
    SNICallback: context.SNICallback,
  });
  return new Promise((resolve) => {
    const finish = (isSecure: boolean) => {
      clearTimeout(timer);
      secure.off('secure', onSecure);
      secure.off('error', onFailure);
      secure.off('close', onFailure);
      if (!isSecure) secure.destroy();
      resolve(isSecure ? secure : null);
    };
    const onSecure = () => {
      finish(true);
    };
    const onFailure = () => {
      finish(false);
    };
    const timer = setTimeout(onFailure, timeoutMs);
    secure.once('secure', onSecure);
    secure.once('error', onFailure);
    secure.once('close', onFailure);
  });
}
