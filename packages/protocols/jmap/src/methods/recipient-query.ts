// urn:chasqui:params:jmap:directory — Recipient/query: address autocomplete for composing.
// Matches the account's used recipients ("contact") and the global address list ("gal"
// accounts, "list" distribution lists), accent- and case-insensitively, ranked by the mail
// service (prefix matches, then uses, recency and name).
import { checkAccount, invalid, optionalNumber } from '../api/args.js';
import { capabilities, type JsonObject, type MethodContext, type MethodSpec } from '../api/types.js';

export const recipientQueryLimits = { maxText: 100, maxLimit: 50, defaultLimit: 10 } as const;

function readText(args: JsonObject): string {
  const text = args['text'];
  if (typeof text !== 'string') throw invalid('text must be a string');
  if (text.trim().length === 0) throw invalid('text must not be empty');
  if (text.length > recipientQueryLimits.maxText) {
    throw invalid(`text must be at most ${recipientQueryLimits.maxText} characters`);
  }
  return text;
}

async function queryRecipients(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const text = readText(args);
  const limit = optionalNumber(args, 'limit', recipientQueryLimits.defaultLimit);
  if (limit < 1 || limit > recipientQueryLimits.maxLimit) {
    throw invalid(`limit must be between 1 and ${recipientQueryLimits.maxLimit}`);
  }
  const list = await context.services.mail.recipients.search(context.account.id, text, limit);
  return { accountId: args['accountId'], list };
}

export const recipientMethods: readonly MethodSpec[] = [
  { name: 'Recipient/query', capability: capabilities.directory, run: queryRecipients },
];
