// Structured JSON logs (pino) for the server; the services only see the core Logger interface.
import pino from 'pino';
import type { Logger } from '@chasqui/core';

/** JSON lines on stdout (`serve`) or stderr (admin verbs, whose stdout is their answer). */
export function createLogger(level: string, stream: 'stdout' | 'stderr'): Logger {
  return pino(
    { level, base: { service: 'chasqui' } },
    pino.destination({ fd: stream === 'stdout' ? 1 : 2, sync: true }),
  );
}
