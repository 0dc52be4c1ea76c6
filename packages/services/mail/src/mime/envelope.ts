// RFC 9051 §7.5.2 ENVELOPE: date, subject, address lists, in-reply-to and message-id, as sent
// (encoded-words are the client's to decode). Sender and Reply-To default to From.
import { parseAddressList, type AddressItem } from './address-list.js';
import { headerValue } from './header-block.js';
import type { MimeEntity } from './mime-tree.js';
import type { SummaryValue } from './summary-value.js';

function addressValue(address: {
  name: string | null;
  route: string | null;
  localPart: string;
  domain: string;
}): SummaryValue {
  return [address.name, address.route, address.localPart, address.domain];
}

function itemValues(item: AddressItem): SummaryValue[] {
  if ('group' in item) {
    // RFC 9051 §7.5.2: a group is a start marker with the name as mailbox and NIL host, its
    // members, and an end marker of four NILs.
    return [[null, null, item.group, null], ...item.members.map(addressValue), [null, null, null, null]];
  }
  return [addressValue(item)];
}

/** An address list for ENVELOPE, or null (NIL) when the field is absent or empty. */
function addressListValue(text: string | null): SummaryValue {
  if (text === null) return null;
  const values = parseAddressList(text).flatMap(itemValues);
  return values.length > 0 ? values : null;
}

/** The ENVELOPE of a message (or of a message/rfc822 part's encapsulated message). */
export function envelopeValue(message: MimeEntity): SummaryValue[] {
  const field = (name: string) => headerValue(message.headers, name);
  const from = addressListValue(field('from'));
  const sender = addressListValue(field('sender')) ?? from;
  const replyTo = addressListValue(field('reply-to')) ?? from;
  return [
    field('date'),
    field('subject'),
    from,
    sender,
    replyTo,
    addressListValue(field('to')),
    addressListValue(field('cc')),
    addressListValue(field('bcc')),
    field('in-reply-to'),
    field('message-id'),
  ];
}
