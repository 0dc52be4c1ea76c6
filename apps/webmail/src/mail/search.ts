// Search form → RFC 8621 §4.4.1 FilterCondition, combined with AND.
import type { Filter, FilterCondition } from '../jmap/types.ts';

export interface SearchForm {
  text: string;
  from: string;
  to: string;
  subject: string;
  after: string;
  before: string;
  hasAttachment: boolean;
  tag: string;
}

export const EMPTY_SEARCH: SearchForm = {
  text: '',
  from: '',
  to: '',
  subject: '',
  after: '',
  before: '',
  hasAttachment: false,
  tag: '',
};

export function isSearchEmpty(form: SearchForm): boolean {
  return buildConditions(form).length === 0;
}

/**
 * Reads Gmail-style operators typed in the search box into the form: from:, to:, subject:
 * (asunto:, de:, para:), has:attachment (tiene:adjunto) and tag: (etiqueta:). Values may be
 * quoted; what is left is the full-text part.
 */
export function parseSearchText(form: SearchForm): SearchForm {
  const next = { ...form };
  const fields: Record<string, 'from' | 'to' | 'subject' | 'tag'> = {
    from: 'from',
    de: 'from',
    to: 'to',
    para: 'to',
    subject: 'subject',
    asunto: 'subject',
    tag: 'tag',
    etiqueta: 'tag',
  };
  const rest = form.text.replace(
    /(?:^|\s)(\p{L}+):(?:"([^"]*)"|(\S+))/gu,
    (whole, rawName: string, quoted: string | undefined, bare: string | undefined) => {
      const name = rawName.toLowerCase();
      const value = quoted ?? bare ?? '';
      const field = fields[name];
      if (field) next[field] = field === 'tag' ? toKeyword(value) : value;
      else if ((name === 'has' || name === 'tiene') && /^(?:attachment|adjuntos?)$/i.test(value))
        next.hasAttachment = true;
      else return whole;
      return ' ';
    },
  );
  next.text = rest.replace(/\s+/g, ' ').trim();
  return next;
}

function buildConditions(form: SearchForm): FilterCondition[] {
  const conditions: FilterCondition[] = [];
  if (form.text.trim()) conditions.push({ text: form.text.trim() });
  if (form.from.trim()) conditions.push({ from: form.from.trim() });
  if (form.to.trim()) conditions.push({ to: form.to.trim() });
  if (form.subject.trim()) conditions.push({ subject: form.subject.trim() });
  if (form.after) conditions.push({ after: new Date(`${form.after}T00:00:00`).toISOString() });
  if (form.before) conditions.push({ before: new Date(`${form.before}T23:59:59`).toISOString() });
  if (form.hasAttachment) conditions.push({ hasAttachment: true });
  if (form.tag) conditions.push({ hasKeyword: form.tag });
  return conditions;
}

/** The filter for a search; `scope` restricts it (a mailbox or a tag view). */
export function buildSearchFilter(form: SearchForm, scope?: FilterCondition): Filter {
  const conditions = buildConditions(form);
  if (scope) conditions.unshift(scope);
  if (conditions.length === 1 && conditions[0]) return conditions[0];
  return { operator: 'AND', conditions };
}

/** User tags are keywords without the "$" of system and IANA keywords (RFC 8621 §4.1.1). */
export function userTags(keywords: Record<string, boolean>): string[] {
  return Object.keys(keywords).filter((k) => !k.startsWith('$') && keywords[k]);
}

/**
 * A keyword is 1–255 printable ASCII chars except ( ) { ] % * " \ and space (RFC 3501 atom),
 * lowercase since keywords are case-insensitive and the server stores them lowercased.
 */
export function toKeyword(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x21-\x7e]|[(){\]%*"\\]/g, '_')
    .slice(0, 255)
    .toLowerCase();
}
