// RFC 8620 §7.1 StateChange objects built from the mail service notifier.
import type { Account } from '../api/account.js';
import { accountIdOf } from '../api/args.js';
import type { JmapServices, JsonObject } from '../api/types.js';

const mailTypes = ['Email', 'Mailbox', 'Thread', 'EmailDelivery'];

/** Calls `send` with a StateChange after each change of the account; returns the unsubscriber. */
export function subscribeStateChanges(
  services: JmapServices,
  account: Account,
  types: readonly string[] | null,
  send: (change: JsonObject) => void,
): () => void {
  const wanted = mailTypes.filter((type) => types === null || types.includes('*') || types.includes(type));
  return services.mail.notifier.subscribe(account.id, (change) => {
    void services.model.highestModseq(account.id).then((modseq) => {
      const state = String(Math.max(modseq, change.modseq));
      const changed = Object.fromEntries(wanted.map((type) => [type, state]));
      if (wanted.length > 0) send({ '@type': 'StateChange', changed: { [accountIdOf(account)]: changed } });
    });
  });
}
