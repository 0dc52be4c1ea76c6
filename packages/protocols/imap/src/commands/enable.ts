// RFC 5161 ENABLE: CONDSTORE, QRESYNC (RFC 7162), UTF8=ACCEPT (RFC 6855) and IMAP4rev2.
import { atom } from '../proto/index.js';
import { ok, type Extension } from '../session/session-api.js';
import { authenticatedStates, defineCommand } from './command-spec.js';

const known: ReadonlyMap<string, Extension> = new Map([
  ['CONDSTORE', 'CONDSTORE'],
  ['QRESYNC', 'QRESYNC'],
  ['UTF8=ACCEPT', 'UTF8=ACCEPT'],
  ['IMAP4REV2', 'IMAP4REV2'],
]);

export const enableCommand = defineCommand({
  verb: 'ENABLE',
  states: authenticatedStates,
  sync: 'none',
  parse(args) {
    const names: string[] = [];
    while (args.hasMore) names.push(args.atom('capability name'));
    if (names.length === 0) args.atom('capability name');
    return names;
  },
  async run(session, names) {
    const newly: string[] = [];
    for (const name of names) {
      const extension = known.get(name.toUpperCase());
      if (extension === undefined || session.isEnabled(extension)) continue;
      session.enable(extension);
      newly.push(name === 'IMAP4REV2' ? 'IMAP4rev2' : extension);
    }
    await session.send([atom('ENABLED'), ...newly.map((name) => atom(name))]);
    return ok('ENABLE completed');
  },
});
