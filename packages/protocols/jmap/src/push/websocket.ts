// RFC 8887 JMAP over WebSocket: subprotocol "jmap", Request/Response objects with an optional
// id, WebSocketPushEnable/Disable for StateChange push (no answer to either; a pushState that
// differs from the current one gets an immediate StateChange, §4.3.5).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Account } from '../api/account.js';
import { parseRequest, RequestProblem, runRequest } from '../api/dispatch.js';
import type { JmapServices, JsonObject } from '../api/types.js';
import { sessionState } from '../http/session-resource.js';
import { currentStateChange, subscribeStateChanges } from './state-change.js';

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

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Buffer.from(new Uint8Array(data)).toString('utf8');
}

const notJson = {
  '@type': 'RequestError',
  type: 'urn:ietf:params:jmap:error:notJSON',
  status: 400,
  detail: 'not JSON',
};

function serve(ws: WebSocket, services: JmapServices, account: Account): void {
  let unsubscribe: (() => void) | null = null;
  const send = (message: JsonObject): void => {
    ws.send(JSON.stringify(message));
  };
  const enablePush = async (message: JsonObject): Promise<void> => {
    unsubscribe?.();
    const types = Array.isArray(message['dataTypes']) ? (message['dataTypes'] as string[]) : null;
    unsubscribe = subscribeStateChanges(services, account, types, send);
    const pushState = message['pushState'];
    if (typeof pushState !== 'string') return;
    const current = await currentStateChange(services, account, types);
    if (current && current['pushState'] !== pushState) send(current);
  };
  const handle = async (text: string): Promise<JsonObject | null> => {
    let message: JsonObject;
    try {
      message = JSON.parse(text) as JsonObject;
    } catch {
      return notJson;
    }
    if (message['@type'] === 'WebSocketPushEnable') {
      await enablePush(message);
      return null;
    }
    if (message['@type'] === 'WebSocketPushDisable') {
      unsubscribe?.();
      unsubscribe = null;
      return null;
    }
    const id = typeof message['id'] === 'string' ? { requestId: message['id'] } : {};
    try {
      const request = parseRequest(message, services.limitsResolved.maxCallsInRequest);
      const state = sessionState(account, services.limitsResolved);
      const response = await runRequest(request, { services, account }, state);
      return { '@type': 'Response', ...id, ...response };
    } catch (error) {
      if (error instanceof RequestProblem) return { '@type': 'RequestError', ...id, ...error.toJson() };
      throw error;
    }
  };
  ws.on('message', (data) => {
    void handle(textOf(data)).then(
      (answer) => {
        if (answer) send(answer);
      },
      (error: unknown) => {
        services.logger.error({ err: error }, 'jmap.websocket_failed');
        send({ '@type': 'RequestError', type: 'serverFail', status: 500, detail: 'internal error' });
      },
    );
  });
  ws.on('close', () => unsubscribe?.());
}
