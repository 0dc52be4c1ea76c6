// RFC 9051 §6.3.13 IDLE (RFC 2177): mailbox changes are pushed as they happen until "DONE".
import { ok, type CommandResult } from '../session/session-api.js';
import { badArguments } from './command-error.js';
import { authenticatedStates, defineCommand } from './command-spec.js';

export const idleCommand = defineCommand({
  verb: 'IDLE',
  states: authenticatedStates,
  sync: 'full',
  parse(args) {
    args.end();
  },
  async run(session) {
    await session.sendContinuation('idling');
    // An IDLE session may wait for hours: it keeps no compression state meanwhile, and no
    // pending call either (park()), only the session's own objects.
    session.releaseIdleMemory();
    return session.park(finishIdle);
  },
});

function finishIdle(_session: unknown, line: Buffer): CommandResult {
  if (line.toString('latin1').trim().toUpperCase() !== 'DONE') badArguments('Expected DONE');
  return ok('IDLE terminated');
}
