// The typed command registry (STYLE.md §1): every verb the server knows, looked up by name.
// `satisfies Record<ImapVerb, …>` makes a missing or misspelled verb a type error.
import { appendCommand } from './append.js';
import { authenticateCommand } from './authenticate.js';
import { capabilityCommand } from './capability.js';
import { checkCommand } from './check.js';
import { closeCommand } from './close.js';
import type { RegisteredCommand } from './command-spec.js';
import { compressCommand } from './compress.js';
import { setaclCommand } from './setacl.js';
import { myrightsCommand } from './myrights.js';
import { listrightsCommand } from './listrights.js';
import { getaclCommand } from './getacl.js';
import { deleteaclCommand } from './deleteacl.js';
import { copyCommand } from './copy.js';
import { createCommand } from './create.js';
import { deleteCommand } from './delete.js';
import { enableCommand } from './enable.js';
import { examineCommand } from './examine.js';
import { expungeCommand } from './expunge.js';
import { fetchCommand } from './fetch.js';
import { getquotaCommand } from './getquota.js';
import { getquotarootCommand } from './getquotaroot.js';
import { idCommand } from './id.js';
import { idleCommand } from './idle.js';
import { listCommand } from './list.js';
import { loginCommand } from './login.js';
import { logoutCommand } from './logout.js';
import { lsubCommand } from './lsub.js';
import { moveCommand } from './move.js';
import { namespaceCommand } from './namespace.js';
import { noopCommand } from './noop.js';
import { renameCommand } from './rename.js';
import { searchCommand } from './search.js';
import { selectCommand } from './select.js';
import { setquotaCommand } from './setquota.js';
import { sortCommand } from './sort.js';
import { starttlsCommand } from './starttls.js';
import { statusCommand } from './status.js';
import { storeCommand } from './store.js';
import { subscribeCommand } from './subscribe.js';
import { threadCommand } from './thread.js';
import { unselectCommand } from './unselect.js';
import { unsubscribeCommand } from './unsubscribe.js';

export const imapVerbs = [
  'APPEND',
  'AUTHENTICATE',
  'CAPABILITY',
  'CHECK',
  'CLOSE',
  'COMPRESS',
  'COPY',
  'CREATE',
  'SETACL',
  'MYRIGHTS',
  'LISTRIGHTS',
  'GETACL',
  'DELETEACL',
  'DELETE',
  'ENABLE',
  'EXAMINE',
  'EXPUNGE',
  'FETCH',
  'GETQUOTA',
  'GETQUOTAROOT',
  'ID',
  'IDLE',
  'LIST',
  'LOGIN',
  'LOGOUT',
  'LSUB',
  'MOVE',
  'NAMESPACE',
  'NOOP',
  'RENAME',
  'SEARCH',
  'SELECT',
  'SETQUOTA',
  'SORT',
  'STARTTLS',
  'STATUS',
  'STORE',
  'SUBSCRIBE',
  'THREAD',
  'UNSELECT',
  'UNSUBSCRIBE',
] as const;
export type ImapVerb = (typeof imapVerbs)[number];

const commands = {
  APPEND: appendCommand,
  AUTHENTICATE: authenticateCommand,
  CAPABILITY: capabilityCommand,
  CHECK: checkCommand,
  CLOSE: closeCommand,
  COMPRESS: compressCommand,
  COPY: copyCommand,
  CREATE: createCommand,
  SETACL: setaclCommand,
  MYRIGHTS: myrightsCommand,
  LISTRIGHTS: listrightsCommand,
  GETACL: getaclCommand,
  DELETEACL: deleteaclCommand,
  DELETE: deleteCommand,
  ENABLE: enableCommand,
  EXAMINE: examineCommand,
  EXPUNGE: expungeCommand,
  FETCH: fetchCommand,
  GETQUOTA: getquotaCommand,
  GETQUOTAROOT: getquotarootCommand,
  ID: idCommand,
  IDLE: idleCommand,
  LIST: listCommand,
  LOGIN: loginCommand,
  LOGOUT: logoutCommand,
  LSUB: lsubCommand,
  MOVE: moveCommand,
  NAMESPACE: namespaceCommand,
  NOOP: noopCommand,
  RENAME: renameCommand,
  SEARCH: searchCommand,
  SELECT: selectCommand,
  SETQUOTA: setquotaCommand,
  SORT: sortCommand,
  STARTTLS: starttlsCommand,
  STATUS: statusCommand,
  STORE: storeCommand,
  SUBSCRIBE: subscribeCommand,
  THREAD: threadCommand,
  UNSELECT: unselectCommand,
  UNSUBSCRIBE: unsubscribeCommand,
} as const satisfies Record<ImapVerb, RegisteredCommand>;

export const commandRegistry: ReadonlyMap<string, RegisteredCommand> = new Map(
  imapVerbs.map((verb) => [verb, commands[verb]]),
);
