// A command's refusal, as "-ERR [code] text". `isBadCommand` marks syntax errors: the session
// counts those and closes the connection after too many.
import type { ResponseCode } from '../proto/index.js';

export class CommandError extends Error {
  constructor(
    message: string,
    readonly code?: ResponseCode,
    readonly isBadCommand = false,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/** Throws a syntax error (counted as a bad command). */
export function syntaxError(message: string): never {
  throw new CommandError(message, undefined, true);
}
