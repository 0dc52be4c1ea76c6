// RFC 9051 §6.3.13 IDLE (RFC 2177): mailbox changes are pushed as they happen until "DONE".
import { ok } from '../session/session-api.js';
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
    // An IDLE session may wait for hours: it keeps no compression state meanwhile.
    session.releaseIdleMemory();
    const wait = { isDone: false };
    const done = session.readLine().then((received) => {
      wait.isDone = true;
      session.interruptWait();
      return received;
    });
    while (!wait.isDone) {
      // Listen before looking, so a change between the two is not missed.
      const changed = session.waitForChange();
      if (session.state === 'selected') await session.syncSelected(true);
      await changed;
    }
    const text = (await done)?.toString('latin1').trim().toUpperCase();
    if (text === undefined) return ok('Connection closed');
    if (text !== 'DONE') badArguments('Expected DONE');
    return ok('IDLE terminated');
  },
});
