// Foo/changes (RFC 8620 §5.2) for the types whose state is a per-account version counter
// (Identity, EmailSubmission): one answer shape, the ids named by each type.
import type { JmapTypeChanges } from '@chasqui/mail';
import { checkAccount, invalid, parseState, stateOf } from './args.js';
import type { JsonObject, MethodContext } from './types.js';

export async function versionedChanges(
  args: JsonObject,
  context: MethodContext,
  load: (accountId: number, sinceVersion: number) => Promise<JmapTypeChanges>,
  idOf: (id: number) => string,
): Promise<JsonObject> {
  checkAccount(args, context);
  const since = parseState(args['sinceState']);
  if (since === null) throw invalid('sinceState must be a state string');
  const changes = await load(context.account.id, since);
  if (since > changes.version) throw invalid('sinceState is in the future');
  return {
    accountId: args['accountId'],
    oldState: stateOf(since),
    newState: stateOf(changes.version),
    hasMoreChanges: false,
    created: changes.created.map(idOf),
    updated: changes.updated.map(idOf),
    destroyed: changes.destroyed.map(idOf),
  };
}
