// RFC 8887 JMAP over WebSocket: subprotocol "jmap", Request/Response objects with an optional
// id, WebSocketPushEnable/Disable for StateChange push.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Account } from '../api/account.js';
import { parseRequest, RequestProblem, runRequest } from '../api/dispatch.js';
import type { JmapServices, JsonObject } from '../api/types.js';
import { subscribeStateChanges } from './state-change.js';

export type UpgradeAuthenticator = (request: IncomingMessage) => Promise<Account | null>;

/** Handles HTTP upgrades to /jmap/ws on a Node HTTP server. */
export function attachWebSocket(
  server: {
    on(event: 'upgrade', listener: (request: IncomingMessage, socket: Duplex, head: Buffer) => void): unknown;
  },
  services: JmapServices,
  authenticate: UpgradeAuthenticator,
): WebSocketServer {
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has('jmap') ? 'jmap' : false),
  });
  server.on('upgrade', (request, socket, head) => {
    if (!(request.url ?? '').startsWith('/jmap/ws')) return;
    void authenticate(request).then((account) => {
      if (!account) {
        socket.end(
          'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="Chasqui"\r\nContent-Length: 0\r\n\r\n',
        );
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => {
        serve(ws, services, account);
      });
    });
  });
  return wss;
}

function serve(ws: WebSocket, services: JmapServices, account: Account): void {
  let unsubscribe: (() => void) | null = null;
  ws.on('message', (data) => {
    void handle(String(data)).then((answer) => {
      ws.send(JSON.stringify(answer));
    });
  });
  ws.on('close', () => unsubscribe?.());
  const handle = async (text: string): Promise<JsonObject> => {
    let message: JsonObject;
    try {
      message = JSON.parse(text) as JsonObject;
    } catch {
      return {
        '@type': 'RequestError',
        type: 'urn:ietf:params:jmap:error:notJSON',
        status: 400,
        detail: 'not JSON',
      };
    }
    const id = typeof message['id'] === 'string' ? { requestId: message['id'] } : {};
    if (message['@type'] === 'WebSocketPushEnable') {
      unsubscribe?.();
      const types = Array.isArray(message['dataTypes']) ? (message['dataTypes'] as string[]) : null;
      unsubscribe = subscribeStateChanges(services, account, types, (change) => {
        ws.send(JSON.stringify(change));
      });
      return { '@type': 'StateChange', changed: {} };
    }
    if (message['@type'] === 'WebSocketPushDisable') {
      unsubscribe?.();
      unsubscribe = null;
      return { '@type': 'StateChange', changed: {} };
    }
    try {
      const request = parseRequest(message, services.limitsResolved.maxCallsInRequest);
      const response = await runRequest(request, { services, account }, String(account.passwordChangedAt));
      return { '@type': 'Response', ...id, ...response };
    } catch (error) {
      if (error instanceof RequestProblem) return { '@type': 'RequestError', ...id, ...error.toJson() };
      throw error;
    }
  };
}
