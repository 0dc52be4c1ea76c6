// RFC 5322 §3.4 address lists with groups, obsolete routes and the usual breakage (missing
// brackets, bare local parts, stray commas). Display names are kept raw (encoded-words intact):
// IMAP ENVELOPE sends them as they are; JMAP decodes them.
import { decodeEncodedWords } from './encoded-words.js';
import type { HeaderField } from './header-block.js';

export interface ParsedAddress {
  /** Display name (phrase), unquoted, or null. */
  readonly name: string | null;
  /** Obsolete source route ("@a,@b"), or null. */
  readonly route: string | null;
  readonly localPart: string;
  /** Domain, or "" when the address had none. */
  readonly domain: string;
}

export interface ParsedGroup {
  readonly group: string;
  readonly members: readonly ParsedAddress[];
}

export type AddressItem = ParsedAddress | ParsedGroup;

type Token = { kind: 'word' | 'quoted'; text: string } | { kind: 'special'; text: string };

const maxItems = 1000;

/** Splits into words, quoted strings and the specials < > @ , ; : (comments dropped). */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text.charAt(i);
    if (char === '"') {
      let value = '';
      i++;
      while (i < text.length && text.charAt(i) !== '"') {
        if (text.charAt(i) === '\\') i++;
        value += text.charAt(i);
        i++;
      }
      tokens.push({ kind: 'quoted', text: value });
      i++;
    } else if (char === '(') {
      i = skipComment(text, i);
    } else if ('<>@,;:'.includes(char)) {
      tokens.push({ kind: 'special', text: char });
      i++;
    } else if (/\s/.test(char)) i++;
    else {
      let word = '';
      while (i < text.length && !/[\s"(<>@,;:]/.test(text.charAt(i))) word += text.charAt(i++);
      tokens.push({ kind: 'word', text: word });
    }
  }
  return tokens;
}

function skipComment(text: string, start: number): number {
  let depth = 0;
  let i = start;
  for (; i < text.length; i++) {
    const char = text.charAt(i);
    if (char === '\\') i++;
    else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return i + 1;
  }
  return i;
}

/** Parses an address list (From, To, Cc…). Never throws; unusable pieces are dropped. */
export function parseAddressList(text: string): AddressItem[] {
  const parser = new AddressParser(tokenize(text));
  return parser.items();
}

class AddressParser {
  private at = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  items(): AddressItem[] {
    const items: AddressItem[] = [];
    while (this.at < this.tokens.length && items.length < maxItems) {
      const item = this.item(false);
      if (item) items.push(item);
    }
    return items;
  }

  /** One address or group; consumes the ending "," (or ";" inside a group). */
  private item(inGroup: boolean): AddressItem | null {
    const words: Token[] = [];
    while (this.at < this.tokens.length) {
      const token = this.tokens[this.at++];
      if (token === undefined) break;
      if (token.kind !== 'special' || token.text === '@' || token.text === '>') {
        if (!(token.kind === 'special' && token.text === '>')) words.push(token);
        continue;
      }
      if (token.text === '<') return this.angleAddress(words, inGroup);
      if (token.text === ':' && !inGroup) return this.group(words);
      if (token.text === ';' && inGroup) {
        this.at--;
        break;
      }
      if (token.text === ',' || token.text === ';') break;
    }
    return addressFromWords(words);
  }

  private angleAddress(phrase: Token[], inGroup: boolean): ParsedAddress | null {
    const inside: Token[] = [];
    while (this.at < this.tokens.length) {
      const token = this.tokens[this.at++];
      if (token === undefined || (token.kind === 'special' && token.text === '>')) break;
      inside.push(token);
    }
    // Skip whatever follows up to the separator.
    while (this.at < this.tokens.length) {
      const token = this.tokens[this.at];
      if (token?.kind === 'special' && (token.text === ',' || token.text === ';')) {
        if (token.text === ',' || !inGroup) this.at++;
        break;
      }
      this.at++;
    }
    const colon = inside.findIndex((t) => t.kind === 'special' && t.text === ':');
    const route = colon === -1 ? null : joinTokens(inside.slice(0, colon));
    const address = addressFromWords(colon === -1 ? inside : inside.slice(colon + 1));
    const name = phrase.length > 0 ? phrase.map((t) => t.text).join(' ') : null;
    if (!address) return name === null ? null : { name, route, localPart: '', domain: '' };
    return { ...address, name, route };
  }

  private group(phrase: Token[]): ParsedGroup {
    const members: ParsedAddress[] = [];
    while (this.at < this.tokens.length) {
      const token = this.tokens[this.at];
      if (token?.kind === 'special' && token.text === ';') {
        this.at++;
        if (this.tokens[this.at]?.text === ',') this.at++;
        break;
      }
      const item = this.item(true);
      if (item && !('group' in item)) members.push(item);
    }
    return { group: phrase.map((t) => t.text).join(' '), members };
  }
}

function joinTokens(tokens: readonly Token[]): string {
  return tokens.map((t) => t.text).join('');
}

/** "local@domain" from tokens; a bare word is a local part without domain. */
function addressFromWords(words: readonly Token[]): ParsedAddress | null {
  if (words.length === 0) return null;
  const at = words.map((t) => t.kind === 'special' && t.text === '@').lastIndexOf(true);
  const local = at === -1 ? words : words.slice(0, at);
  const domain = at === -1 ? [] : words.slice(at + 1);
  const localPart = local.map((t) => t.text).join(local.every((t) => t.kind === 'word') ? '' : ' ');
  return { name: null, route: null, localPart: localPart.replace(/\s+/g, ''), domain: joinTokens(domain) };
}

/**
 * The mailboxes named in the given fields (e.g. `['to', 'cc']`), group members included:
 * lower-cased address → display name with encoded-words decoded, or null (the last mention
 * wins). Addresses without a domain are left out.
 */
export function namedAddresses(
  fields: readonly HeaderField[],
  fieldNames: readonly string[],
): Map<string, string | null> {
  const named = new Map<string, string | null>();
  for (const field of fields) {
    if (!fieldNames.includes(field.name.toLowerCase())) continue;
    for (const item of parseAddressList(field.value)) {
      for (const member of 'group' in item ? item.members : [item]) {
        if (member.domain === '') continue;
        const name = member.name === null ? null : decodeEncodedWords(member.name);
        named.set(`${member.localPart}@${member.domain}`.toLowerCase(), name);
      }
    }
  }
  return named;
}
