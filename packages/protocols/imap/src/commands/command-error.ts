// A command's refusal with its tagged status: BAD for syntax, NO for a refusal.
import type { ResponseCode } from '../proto/index.js';

export class CommandError extends Error {
  constructor(
    readonly status: 'NO' | 'BAD',
    message: string,
    readonly code?: ResponseCode | string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/** Throws BAD: the arguments do not fit the command's grammar. */
export function badArguments(message: string): never {
  throw new CommandError('BAD', message, 'CLIENTBUG');
}
