// Hands mail that reached local mailboxes to the vacation responder. It only schedules: the
// reply is decided and sent after this stage returns, so the sender's 250 never waits for it.
import type { Stage } from '../types.js';
import type { VacationResponder } from '../vacation/vacation-responder.js';

export function vacationReplyStage(responder: VacationResponder): Stage {
  return {
    name: 'vacation-reply',
    run(context) {
      responder.schedule(context);
      return Promise.resolve();
    },
  };
}
