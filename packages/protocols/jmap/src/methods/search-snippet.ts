// RFC 8621 §5 SearchSnippet/get: subject and preview with the search terms in <mark>, HTML-escaped.
import { foldAccents, searchTokens } from '@chasqui/mail';
import { checkAccount, optionalStrings, parseObjectId } from '../api/args.js';
import { capabilities, type JsonObject, type MethodContext, type MethodSpec } from '../api/types.js';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Marks words whose accent-folded form starts with a search token (stems match their words). */
export function highlight(text: string, tokens: readonly string[]): string | null {
  const state = { found: false };
  const marked = text.replace(/[\p{L}\p{N}]+|[^\p{L}\p{N}]+/gu, (word) => {
    const folded = foldAccents(word);
    if (tokens.length > 0 && tokens.some((token) => folded.startsWith(token))) {
      state.found = true;
      return `<mark>${escapeHtml(word)}</mark>`;
    }
    return escapeHtml(word);
  });
  return state.found ? marked : null;
}

function filterText(filter: unknown): string {
  if (filter === null || typeof filter !== 'object') return '';
  const object = filter as JsonObject;
  if (Array.isArray(object['conditions'])) return object['conditions'].map(filterText).join(' ');
  return ['text', 'subject', 'body', 'from', 'to']
    .map((key) => {
      const value = object[key];
      return typeof value === 'string' ? value : '';
    })
    .join(' ');
}

async function getSnippets(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const ids = optionalStrings(args, 'emailIds') ?? [];
  const tokens = searchTokens(filterText(args['filter']));
  const numeric = ids.map((id) => parseObjectId('M', id) ?? -1);
  // Only the asked emails: no need to wait for the account's index right after login.
  const found = await context.services.model.emails.lookup(context.account.id, numeric);
  const list: JsonObject[] = [];
  const notFound: string[] = [];
  for (const [at, id] of ids.entries()) {
    const message = found.byId.get(numeric[at] ?? -1);
    if (!message) notFound.push(id);
    else
      list.push({
        emailId: id,
        subject: highlight(message.subject, tokens),
        preview: highlight(message.preview, tokens),
      });
  }
  return { accountId: args['accountId'], list, notFound };
}

export const snippetMethods: readonly MethodSpec[] = [
  { name: 'SearchSnippet/get', capability: capabilities.mail, run: getSnippets },
];
