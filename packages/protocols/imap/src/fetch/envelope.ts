// RFC 9051 §7.5.2 ENVELOPE: date, subject, address lists, in-reply-to and message-id, as sent
// (encoded-words are the client's to decode). Sender and Reply-To default to From.
import { headerValue, parseAddressList, type AddressItem, type MimeEntity } from '@chasqui/mail';
import type { ImapValue } from '../proto/index.js';

function addressValue(address: {
  name: string | null;
  route: string | null;
  localPart: string;
  domain: string;
}): ImapValue {
  return [address.name, address.route, address.localPart, address.domain];
}

function itemValues(item: AddressItem): ImapValue[] {
  if ('group' in item) {
    // RFC 9051 §7.5.2: a group is a start marker with the name as mailbox and NIL host, its
    // members, and an end marker of four NILs.
    return [[null, null, item.group, null], ...item.members.map(addressValue), [null, null, null, null]];
  }
  return [addressValue(item)];
}

/** An address list for ENVELOPE, or null (NIL) when the field is absent or empty. */
export function addressListValue(text: string | null): ImapValue {
  if (text === null) return null;
  const values = parseAddressList(text).flatMap(itemValues);
  return values.length > 0 ? values : null;
}

/** The ENVELOPE of a message (or of a message/rfc822 part's encapsulated message). */
export function envelopeValue(message: MimeEntity): ImapValue[] {
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
