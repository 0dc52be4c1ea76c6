// RFC 8621 §4.4 Email/query and §4.5 Email/queryChanges: the request parsed into the mail
// model's query (email-query-filter.ts), run by the model (SQL while the account's email index
// builds, the index afterwards), then windowed by position or anchor.
import {
  checkAccount,
  invalid,
  optionalBoolean,
  optionalNumber,
  parseObjectId,
  parseState,
  stateOf,
} from '../api/args.js';
import {
  capabilities,
  MethodError,
  type JsonObject,
  type MethodContext,
  type MethodSpec,
} from '../api/types.js';
import type { EmailQuery, EmailQueryWindow } from '@chasqui/mail';
import { parseEmailFilter, parseEmailSort } from './email-query-filter.js';

function readQuery(args: JsonObject, context: MethodContext): EmailQuery {
  const filter = args['filter'];
  return {
    filter: filter === undefined || filter === null ? null : parseEmailFilter(filter, context),
    sort: parseEmailSort(args['sort']),
    collapseThreads: optionalBoolean(args, 'collapseThreads', false),
  };
}

function readWindow(args: JsonObject): EmailQueryWindow {
  const limit = optionalNumber(args, 'limit', 256);
  if (limit < 0) throw invalid('limit must not be negative');
  const anchor = args['anchor'];
  return {
    position: optionalNumber(args, 'position', 0),
    // A malformed anchor is no email id: anchorNotFound.
    anchor: typeof anchor === 'string' ? (parseObjectId('M', anchor) ?? -1) : null,
    anchorOffset: optionalNumber(args, 'anchorOffset', 0),
    limit,
    calculateTotal: optionalBoolean(args, 'calculateTotal', false),
  };
}

async function queryEmails(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const query = readQuery(args, context);
  const page = await context.services.model.queryEmailPage(context.account.id, query, readWindow(args));
  if (!page) throw new MethodError('anchorNotFound');
  const result: JsonObject = {
    accountId: args['accountId'],
    queryState: stateOf(page.modseq),
    canCalculateChanges: true,
    position: page.position,
    ids: page.ids.map((id) => `M${id}`),
  };
  if (page.total !== null) result['total'] = page.total;
  return result;
}

async function queryEmailChanges(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const since = parseState(args['sinceQueryState']);
  if (since === null) throw invalid('sinceQueryState must be a state string');
  if (optionalBoolean(args, 'collapseThreads', false)) throw new MethodError('cannotCalculateChanges');
  const changes = await context.services.model.emailChanges(
    context.account.id,
    since,
    Number.MAX_SAFE_INTEGER,
  );
  if (!changes) throw new MethodError('cannotCalculateChanges');
  const { ids, modseq } = await context.services.model.queryEmailIndex(
    context.account.id,
    readQuery(args, context),
  );
  const touched = new Set([...changes.created, ...changes.updated]);
  const added = ids.flatMap((id, index) => (touched.has(id) ? [{ id: `M${id}`, index }] : []));
  const removed = [...changes.updated, ...changes.destroyed].map((id) => `M${id}`);
  const result: JsonObject = {
    accountId: args['accountId'],
    oldQueryState: stateOf(since),
    newQueryState: stateOf(modseq),
    removed,
    added,
  };
  if (optionalBoolean(args, 'calculateTotal', false)) result['total'] = ids.length;
  return result;
}

export const emailQueryMethods: readonly MethodSpec[] = [
  { name: 'Email/query', capability: capabilities.mail, run: queryEmails },
  { name: 'Email/queryChanges', capability: capabilities.mail, run: queryEmailChanges },
];
