// RFC 8621 §8 VacationResponse/get and /set: one "singleton" object per account, in the store.
import type { VacationResponseRecord } from '@chasqui/mail';
import { checkAccount, optionalStrings, stateOf } from '../api/args.js';
import { readSetArguments, SetFailure, SetOutcome } from '../api/set-support.js';
import { capabilities, type JsonObject, type MethodContext, type MethodSpec } from '../api/types.js';

type VacationFields = Partial<Omit<VacationResponseRecord, 'version'>>;

const utc = (time: number | null) =>
  time === null ? null : new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');

function vacationObject(record: VacationResponseRecord): JsonObject {
  return {
    id: 'singleton',
    isEnabled: record.isEnabled,
    fromDate: utc(record.fromDate),
    toDate: utc(record.toDate),
    subject: record.subject,
    textBody: record.textBody,
    htmlBody: record.htmlBody,
  };
}

function readDate(value: unknown, name: string): number | null {
  if (value === null) return null;
  const time = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) throw new SetFailure('invalidProperties', `${name} must be a UTCDate`, [name]);
  return time;
}

function readText(value: unknown, name: string): string | null {
  if (value === null || typeof value === 'string') return value;
  throw new SetFailure('invalidProperties', `${name} must be a string or null`, [name]);
}

function readPatch(patch: JsonObject): VacationFields {
  const fields: { -readonly [K in keyof VacationFields]: VacationFields[K] } = {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'isEnabled') {
      if (typeof value !== 'boolean') throw new SetFailure('invalidProperties', 'isEnabled', [key]);
      fields.isEnabled = value;
    } else if (key === 'fromDate' || key === 'toDate') fields[key] = readDate(value, key);
    else if (key === 'subject' || key === 'textBody' || key === 'htmlBody')
      fields[key] = readText(value, key);
    else if (key !== 'id' || value !== 'singleton')
      throw new SetFailure('invalidProperties', `unknown property ${key}`, [key]);
  }
  return fields;
}

async function getVacation(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const record = await context.services.model.vacation.get(context.account.id);
  const ids = optionalStrings(args, 'ids');
  const wanted = ids === null || ids.includes('singleton');
  return {
    accountId: args['accountId'],
    state: stateOf(record.version),
    list: wanted ? [vacationObject(record)] : [],
    notFound: (ids ?? []).filter((id) => id !== 'singleton'),
  };
}

async function setVacation(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const { vacation } = context.services.model;
  const current = await vacation.get(context.account.id);
  const oldState = stateOf(current.version);
  const { create, update, destroy } = readSetArguments(args, context, oldState);
  const outcome = new SetOutcome();
  for (const creationId of Object.keys(create)) outcome.notCreated[creationId] = { type: 'singleton' };
  for (const id of destroy) outcome.notDestroyed[id] = { type: 'singleton' };
  let version = current.version;
  await outcome.updateEach(update, async (id, patch) => {
    if (id !== 'singleton') throw new SetFailure('notFound');
    version = (await vacation.update(context.account.id, readPatch(patch))).version;
  });
  return outcome.toJson(args['accountId'], oldState, stateOf(version));
}

export const vacationMethods: readonly MethodSpec[] = [
  { name: 'VacationResponse/get', capability: capabilities.vacation, run: getVacation },
  { name: 'VacationResponse/set', capability: capabilities.vacation, run: setVacation },
];
