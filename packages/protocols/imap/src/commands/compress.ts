// RFC 4978 COMPRESS DEFLATE: after the tagged OK, both directions are raw deflate.
import { ok } from '../session/session-api.js';
import { CommandError } from './command-error.js';
import { authenticatedStates, defineCommand } from './command-spec.js';

export const compressCommand = defineCommand({
  verb: 'COMPRESS',
  states: authenticatedStates,
  sync: 'none',
  parse(args) {
    const mechanism = args.atom('compression mechanism').toUpperCase();
    args.end();
    return mechanism;
  },
  run(session, mechanism) {
    if (mechanism !== 'DEFLATE')
      throw new CommandError('BAD', `Unknown compression mechanism ${mechanism.slice(0, 40)}`);
    if (session.isCompressed) throw new CommandError('NO', 'DEFLATE is already active', 'COMPRESSIONACTIVE');
    return Promise.resolve({
      ...ok('DEFLATE active'),
      after: () => {
        session.startCompression();
        return Promise.resolve();
      },
    });
  },
});
