// E-mail addresses as Chasqui stores and compares them (RFC 5321 §4.1.2, RFC 6531 for UTF-8).

/** An address split into parts; `address` is the canonical lower-case form used as a key. */
export interface EmailAddress {
  readonly localPart: string;
  readonly domain: string;
  readonly address: string;
}

const maxAddressLength = 254;
const maxLocalPartLength = 64;
// Dot-atom local part (RFC 5322 §3.2.3) with UTF-8 letters allowed (RFC 6531).
const localPartPattern = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const domainLabelPattern = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

/** Lower-cases and NFC-normalises a domain name, dropping one trailing dot. */
export function normalizeDomain(domain: string): string {
  return domain.normalize('NFC').toLowerCase().replace(/\.$/, '');
}

/** True for a syntactically valid host name with at least two labels. */
export function isValidDomain(domain: string): boolean {
  const labels = normalizeDomain(domain).split('.');
  return (
    labels.length >= 2 && labels.every((label) => domainLabelPattern.test(label)) && domain.length <= 253
  );
}

/**
 * Parses `local@domain` into its canonical form, or returns null when it is not a valid
 * mailbox address. Local parts are compared case-insensitively, as every mainstream server does.
 */
export function parseEmailAddress(input: string): EmailAddress | null {
  const trimmed = input.trim();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1 || trimmed.length > maxAddressLength) return null;
  const localPart = trimmed.slice(0, at).normalize('NFC').toLowerCase();
  const domain = normalizeDomain(trimmed.slice(at + 1));
  if (localPart.length > maxLocalPartLength || !localPartPattern.test(localPart)) return null;
  if (!isValidDomain(domain)) return null;
  return { localPart, domain, address: `${localPart}@${domain}` };
}

/** The local part without a `+detail` sub-address (RFC 5233), for recipient lookup. */
export function stripSubaddress(address: EmailAddress): EmailAddress {
  const plus = address.localPart.indexOf('+');
  if (plus <= 0) return address;
  const localPart = address.localPart.slice(0, plus);
  return { localPart, domain: address.domain, address: `${localPart}@${address.domain}` };
}
