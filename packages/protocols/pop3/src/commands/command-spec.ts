// One POP3 command: its keyword, the states it is allowed in, how it parses its arguments and
// what it does (STYLE.md §1: a descriptor with a parse/run split, held in a typed registry).
import type { CommandLine } from '../proto/index.js';
import type { Pop3Reply, SessionApi, SessionState } from '../session/session-api.js';
import { syntaxError } from './command-error.js';

export interface CommandSpec<A> {
  readonly verb: string;
  readonly states: readonly SessionState[];
  /** Validates the arguments; throws a syntax error (see syntaxError) when they are wrong. */
  parse(args: readonly string[], rest: string): A;
  run(session: SessionApi, args: A): Promise<Pop3Reply>;
}

/** A command with its argument type erased, as the registry holds it. */
export interface RegisteredCommand {
  readonly verb: string;
  readonly states: readonly SessionState[];
  execute(session: SessionApi, command: CommandLine): Promise<Pop3Reply>;
}

export function defineCommand<A>(spec: CommandSpec<A>): RegisteredCommand {
  return {
    verb: spec.verb,
    states: spec.states,
    execute(session, command) {
      return spec.run(session, spec.parse(command.args, command.rest));
    },
  };
}

export const authorizationState: readonly SessionState[] = ['authorization'];
export const transactionState: readonly SessionState[] = ['transaction'];
export const anyState: readonly SessionState[] = ['authorization', 'transaction'];

/** For commands without arguments. */
export function noArguments(verb: string): (args: readonly string[]) => void {
  return (args) => {
    if (args.length > 0) syntaxError(`${verb} takes no arguments`);
  };
}
