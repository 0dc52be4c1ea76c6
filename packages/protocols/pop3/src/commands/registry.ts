// The typed command registry (STYLE.md §1): every keyword the server knows, looked up by name.
// `satisfies Record<Pop3Verb, …>` makes a missing or misspelled verb a type error. APOP and
// the obsolete LAST are not implemented.
import { authCommand } from './auth.js';
import { capaCommand } from './capa.js';
import type { RegisteredCommand } from './command-spec.js';
import { deleCommand } from './dele.js';
import { listCommand } from './list.js';
import { noopCommand } from './noop.js';
import { passCommand } from './pass.js';
import { quitCommand } from './quit.js';
import { retrCommand } from './retr.js';
import { rsetCommand } from './rset.js';
import { statCommand } from './stat.js';
import { stlsCommand } from './stls.js';
import { topCommand } from './top.js';
import { uidlCommand } from './uidl.js';
import { userCommand } from './user.js';

export const pop3Verbs = [
  'AUTH',
  'CAPA',
  'DELE',
  'LIST',
  'NOOP',
  'PASS',
  'QUIT',
  'RETR',
  'RSET',
  'STAT',
  'STLS',
  'TOP',
  'UIDL',
  'USER',
] as const;
export type Pop3Verb = (typeof pop3Verbs)[number];

const commands = {
  AUTH: authCommand,
  CAPA: capaCommand,
  DELE: deleCommand,
  LIST: listCommand,
  NOOP: noopCommand,
  PASS: passCommand,
  QUIT: quitCommand,
  RETR: retrCommand,
  RSET: rsetCommand,
  STAT: statCommand,
  STLS: stlsCommand,
  TOP: topCommand,
  UIDL: uidlCommand,
  USER: userCommand,
} as const satisfies Record<Pop3Verb, RegisteredCommand>;

export const commandRegistry: ReadonlyMap<string, RegisteredCommand> = new Map(
  pop3Verbs.map((verb) => [verb, commands[verb]]),
);
