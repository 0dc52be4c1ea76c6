// RFC 8620 §7.1 StateChange objects built from the mail service notifier. Mail types share one
// state (the account modseq), which is also the push state (RFC 8887 §4.3.5); other types
// (Preferences) have their own state and are announced by changes that name them.
import type { Account } from '../api/account.js';
import { accountIdOf } from '../api/args.js';
import type { JmapServices, JsonObject } from '../api/types.js';

const mailTypes = ['Email', 'Mailbox', 'Thread', 'EmailDelivery'];

/** The current state of each non-mail type that pushes changes. */
const otherTypeStates: Readonly<
  Record<string, (services: JmapServices, accountId: number) => Promise<number>>
> = {
  Preferences: async (services, accountId) => (await services.model.preferences.get(accountId)).version,
};

function isWanted(types: readonly string[] | null, type: string): boolean {
  return types === null || types.includes('*') || types.includes(type);
}

function wantedTypes(types: readonly string[] | null): string[] {
  return mailTypes.filter((type) => isWanted(types, type));
}

function stateChange(account: Account, wanted: readonly string[], state: string): JsonObject | null {
  if (wanted.length === 0) return null;
  const changed = Object.fromEntries(wanted.map((type) => [type, state]));
  return { '@type': 'StateChange', changed: { [accountIdOf(account)]: changed }, pushState: state };
}

/** The StateChange describing the current states (for a client that gave an old pushState). */
export async function currentStateChange(
  services: JmapServices,
  account: Account,
  types: readonly string[] | null,
): Promise<JsonObject | null> {
  const modseq = await services.model.highestModseq(account.id);
  return stateChange(account, wantedTypes(types), String(modseq));
}

/** The StateChange for non-mail types that changed, or null when none is wanted. */
async function otherStateChange(
  services: JmapServices,
  account: Account,
  changedTypes: readonly string[],
  types: readonly string[] | null,
): Promise<JsonObject | null> {
  const wanted = changedTypes.filter((type) => otherTypeStates[type] !== undefined && isWanted(types, type));
  if (wanted.length === 0) return null;
  const states = await Promise.all(
    wanted.map(async (type): Promise<[string, string]> => {
      const state = await otherTypeStates[type]?.(services, account.id);
      return [type, String(state ?? 0)];
    }),
  );
  return { '@type': 'StateChange', changed: { [accountIdOf(account)]: Object.fromEntries(states) } };
}

/** Calls `send` with a StateChange after each change of the account; returns the unsubscriber. */
export function subscribeStateChanges(
  services: JmapServices,
  account: Account,
  types: readonly string[] | null,
  send: (change: JsonObject) => void,
): () => void {
  const wanted = wantedTypes(types);
  const failed = (error: unknown) => {
    services.logger.error({ err: error }, 'jmap.push_failed');
  };
  return services.mail.notifier.subscribe(account.id, (change) => {
    if (change.jmapTypes) {
      void otherStateChange(services, account, change.jmapTypes, types).then((message) => {
        if (message) send(message);
      }, failed);
      return;
    }
    void services.model.highestModseq(account.id).then((modseq) => {
      const message = stateChange(account, wanted, String(Math.max(modseq, change.modseq)));
      if (message) send(message);
    }, failed);
  });
}
