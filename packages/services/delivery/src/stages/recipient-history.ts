// Learns whom a user writes to when they send through SMTP submission (Thunderbird, Outlook,
// phones), so the webmail's autocomplete ranks them as it does for mail sent from the webmail
// (which records through JMAP). Names come from To/Cc; Bcc recipients are known by address only.
import {
  decodeEncodedWords,
  findBodyStart,
  parseAddressList,
  parseHeaderFields,
  type MailService,
} from '@chasqui/mail';
import type { DeliveryContext, Stage } from '../types.js';

const namedFields = new Set(['to', 'cc']);

/** Address (lower-case) → display name, from the message's To and Cc. */
function displayNames(bytes: Uint8Array): Map<string, string | null> {
  const names = new Map<string, string | null>();
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const field of parseHeaderFields(raw, 0, findBodyStart(raw, 0, raw.length))) {
    if (!namedFields.has(field.name.toLowerCase())) continue;
    for (const item of parseAddressList(field.value)) {
      for (const member of 'group' in item ? item.members : [item]) {
        if (member.domain === '') continue;
        const name = member.name === null ? null : decodeEncodedWords(member.name);
        names.set(`${member.localPart}@${member.domain}`.toLowerCase(), name);
      }
    }
  }
  return names;
}

function isUserSubmission(context: DeliveryContext): boolean {
  return context.session.entry === 'submission' && context.session.account !== null;
}

export function recipientHistoryStage(mail: MailService): Stage {
  return {
    name: 'recipient-history',
    async run(context) {
      const account = context.session.account;
      if (!isUserSubmission(context) || account === null || context.verdict !== 'accept') return;
      const names = displayNames(context.raw);
      const addresses = context.envelope.recipients.map(({ address }) => ({
        email: address,
        name: names.get(address.toLowerCase()) ?? null,
      }));
      // record() never throws: autocomplete must not cost anyone a delivery.
      await mail.recipients.record(account.id, addresses);
    },
  };
}
