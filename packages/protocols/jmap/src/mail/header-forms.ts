// RFC 8621 §4.1.2 header parsed forms (Raw, Text, Addresses, GroupedAddresses, MessageIds, Date,
// URLs) and §4.1.3 the header:{name}:as{Form}:all property syntax.
import {
  decodeEncodedWords,
  parseAddressList,
  type AddressItem,
  type HeaderField,
  type ParsedAddress,
} from '@chasqui/mail';

export type HeaderForm = 'Raw' | 'Text' | 'Addresses' | 'GroupedAddresses' | 'MessageIds' | 'Date' | 'URLs';

export interface HeaderProperty {
  readonly name: string;
  readonly form: HeaderForm;
  readonly all: boolean;
}

const forms = new Set<string>(['Raw', 'Text', 'Addresses', 'GroupedAddresses', 'MessageIds', 'Date', 'URLs']);

/** Parses "header:List-Id:asText:all"; null when it is not a valid header property. */
export function parseHeaderProperty(property: string): HeaderProperty | null {
  const pieces = property.split(':');
  if (pieces[0] !== 'header' || pieces.length < 2 || pieces.length > 4) return null;
  const name = pieces[1] ?? '';
  if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name)) return null;
  let form: HeaderForm = 'Raw';
  let all = false;
  for (const piece of pieces.slice(2)) {
    if (piece === 'all' && !all) all = true;
    else if (piece.startsWith('as') && forms.has(piece.slice(2)) && !all) form = piece.slice(2) as HeaderForm;
    else return null;
  }
  return { name, form, all };
}

export interface JmapAddress {
  readonly name: string | null;
  readonly email: string;
}

function toJmapAddress(address: ParsedAddress): JmapAddress {
  const name = address.name === null ? null : decodeEncodedWords(address.name);
  return { name, email: address.domain ? `${address.localPart}@${address.domain}` : address.localPart };
}

function isGroup(item: AddressItem): item is Extract<AddressItem, { group: string }> {
  return 'group' in item;
}

export function addressesOf(value: string): JmapAddress[] {
  return parseAddressList(value).flatMap((item) =>
    isGroup(item) ? item.members.map(toJmapAddress) : [toJmapAddress(item)],
  );
}

function groupedAddressesOf(value: string): { name: string | null; addresses: JmapAddress[] }[] {
  const groups: { name: string | null; addresses: JmapAddress[] }[] = [];
  for (const item of parseAddressList(value)) {
    if (isGroup(item))
      groups.push({ name: decodeEncodedWords(item.group), addresses: item.members.map(toJmapAddress) });
    else {
      const last = groups.at(-1);
      if (last?.name === null) last.addresses.push(toJmapAddress(item));
      else groups.push({ name: null, addresses: [toJmapAddress(item)] });
    }
  }
  return groups;
}

export function messageIdsOf(value: string): string[] | null {
  const ids = [...value.matchAll(/<([^<>\s]+)>/g)].map((match) => match[1] ?? '');
  return ids.length > 0 ? ids : null;
}

export function dateOf(value: string): string | null {
  const time = Date.parse(value.replace(/\([^)]*\)/g, '').trim());
  return Number.isNaN(time) ? null : new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function textOf(value: string): string {
  return decodeEncodedWords(value.replace(/\r?\n[ \t]/g, ' ')).trim();
}

function urlsOf(value: string): string[] | null {
  const urls = [...value.matchAll(/<([^<>]+)>/g)].map((match) => (match[1] ?? '').trim());
  return urls.length > 0 ? urls : null;
}

/** One header value in a parsed form. */
export function parseForm(value: string, form: HeaderForm): unknown {
  switch (form) {
    case 'Raw':
      return ` ${value}`;
    case 'Text':
      return textOf(value);
    case 'Addresses':
      return addressesOf(value);
    case 'GroupedAddresses':
      return groupedAddressesOf(value);
    case 'MessageIds':
      return messageIdsOf(value);
    case 'Date':
      return dateOf(value);
    case 'URLs':
      return urlsOf(value);
  }
}

/** The value of a header property over the fields of a header block. */
export function headerPropertyValue(fields: readonly HeaderField[], property: HeaderProperty): unknown {
  const lower = property.name.toLowerCase();
  const values = fields.filter((field) => field.name.toLowerCase() === lower).map((field) => field.value);
  if (property.all) return values.map((value) => parseForm(value, property.form));
  const last = values.at(-1);
  return last === undefined ? null : parseForm(last, property.form);
}
