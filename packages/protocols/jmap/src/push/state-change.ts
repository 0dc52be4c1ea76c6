// RFC 8620 §7.1 StateChange objects built from the mail service notifier. Mail types share one
// state (the account modseq), which is also the push state (RFC 8887 §4.3.5).
import type { Account } from '../api/account.js';
import { accountIdOf } from '../api/args.js';
import type { JmapServices, JsonObject } from '../api/types.js';

const mailTypes = ['Email', 'Mailbox', 'Thread', 'EmailDelivery'];

function wantedTypes(types: readonly string[] | null): string[] {
  return mailTypes.filter((type) => types === null || types.includes('*') || types.includes(type));
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

/** Calls `send` with a StateChange after each change of the account; returns the unsubscriber. */
export function subscribeStateChanges(
  services: JmapServices,
  account: Account,
  types: readonly string[] | null,
  send: (change: JsonObject) => void,
): () => void {
  const wanted = wantedTypes(types);
  return services.mail.notifier.subscribe(account.id, (change) => {
    void services.model.highestModseq(account.id).then((modseq) => {
      const message = stateChange(account, wanted, String(Math.max(modseq, change.modseq)));
      if (message) send(message);
    });
  });
}
