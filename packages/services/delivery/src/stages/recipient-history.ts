// Learns whom a user writes to when they submit mail (SMTP from Thunderbird, Outlook, phones,
// or JMAP from the webmail), so the webmail's autocomplete ranks them by use. Names come from
// To/Cc; Bcc recipients are known by address only.
import { messageHeaderFields, namedAddresses, type MailService } from '@chasqui/mail';
import type { DeliveryContext, Stage } from '../types.js';

function isUserSubmission(context: DeliveryContext): boolean {
  return context.session.entry === 'submission' && context.session.account !== null;
}

export function recipientHistoryStage(mail: MailService): Stage {
  return {
    name: 'recipient-history',
    async run(context) {
      const account = context.session.account;
      if (!isUserSubmission(context) || account === null || context.verdict !== 'accept') return;
      const names = namedAddresses(messageHeaderFields(context.raw), ['to', 'cc']);
      const addresses = context.envelope.recipients.map(({ address }) => ({
        email: address,
        name: names.get(address.toLowerCase()) ?? null,
      }));
      // record() never throws: autocomplete must not cost anyone a delivery.
      await mail.recipients.record(account.id, addresses);
    },
  };
}
