// One IMAP command: its verb, the states it is allowed in, how it parses its arguments and
// what it does (WildDuck's descriptor with Stalwart's parse/run split; STYLE.md §1).
import type { Token } from '../proto/index.js';
import type { CommandResult, SessionApi, SessionState } from '../session/session-api.js';
import { Args } from './args.js';

/**
 * How pending mailbox changes are announced before the tagged reply: 'full' (EXPUNGE too),
 * 'no-expunge' (commands that use sequence numbers, RFC 9051 §7.5.1), or 'none'.
 */
export type SyncMode = 'full' | 'no-expunge' | 'none';

export interface CommandInput {
  readonly tag: string;
  /** Sent with the UID prefix. */
  readonly isUid: boolean;
}

export interface CommandSpec<A> {
  readonly verb: string;
  readonly states: readonly SessionState[];
  /** Accepts the UID prefix (COPY, FETCH, MOVE, SEARCH, STORE, EXPUNGE). */
  readonly allowsUid?: boolean;
  readonly sync: SyncMode;
  parse(args: Args, input: CommandInput, session: SessionApi): A;
  run(session: SessionApi, args: A, input: CommandInput): Promise<CommandResult>;
}

/** A command with its argument type erased, as the registry holds it. */
export interface RegisteredCommand {
  readonly verb: string;
  readonly states: readonly SessionState[];
  readonly allowsUid: boolean;
  readonly sync: SyncMode;
  execute(session: SessionApi, tokens: readonly Token[], input: CommandInput): Promise<CommandResult>;
}

export function defineCommand<A>(spec: CommandSpec<A>): RegisteredCommand {
  return {
    verb: spec.verb,
    states: spec.states,
    allowsUid: spec.allowsUid ?? false,
    sync: spec.sync,
    execute(session, tokens, input) {
      const parsed = spec.parse(new Args(tokens, session.isUtf8), input, session);
      return spec.run(session, parsed, input);
    },
  };
}

export const anyState: readonly SessionState[] = ['not-authenticated', 'authenticated', 'selected'];
export const authenticatedStates: readonly SessionState[] = ['authenticated', 'selected'];
export const selectedState: readonly SessionState[] = ['selected'];
