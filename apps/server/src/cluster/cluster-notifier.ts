// The mail-change relay of a worker process: changes go to the primary, which passes them to
// every other worker, so a session on one worker sees mail stored through another.
import type { MailChangeRelay } from '@chasqui/mail';
import type { ClusterChannel } from './messages.js';

export function clusterRelay(channel: ClusterChannel): MailChangeRelay {
  return {
    send(change) {
      channel.send({ type: 'chasqui:mail-change', change });
    },
    listen(deliver) {
      channel.onMessage((message) => {
        if (message.type === 'chasqui:mail-change') deliver(message.change);
      });
      return Promise.resolve();
    },
  };
}
