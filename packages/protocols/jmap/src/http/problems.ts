// RFC 8620 §3.6.1 request-level errors as RFC 7807 problem details.
import type { FastifyReply } from 'fastify';

export const problemType = (name: string): string => `urn:ietf:params:jmap:error:${name}`;

export function sendProblem(
  reply: FastifyReply,
  status: number,
  type: string,
  detail: string,
  extra: Record<string, unknown> = {},
): FastifyReply {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type, status, detail, ...extra });
}

/** The `limit` problem naming the capability limit that was hit. */
export function limitProblem(reply: FastifyReply, limit: string, status = 400): FastifyReply {
  return sendProblem(reply, status, problemType('limit'), `${limit} exceeded`, { limit });
}

/** Parses a JSON request body kept as bytes; undefined when it is not JSON. */
export function parseJsonBody(body: unknown): unknown {
  if (!Buffer.isBuffer(body)) return body;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}
