// Adds the Received trace header (RFC 5321 §4.4) every relay must write.
import type { DeliveryContext, Stage } from '../types.js';

function protocol(context: DeliveryContext): string {
  const secure = context.session.tls !== null ? 'S' : '';
  const authenticated = context.session.account !== null ? 'A' : '';
  return `ESMTP${secure}${authenticated}`;
}

export function receivedStage(hostname: string): Stage {
  return {
    name: 'received',
    run(context) {
      const { session, envelope } = context;
      if (session.entry === 'internal') return Promise.resolve();
      const client = `${session.helo ?? 'unknown'} (${session.clientHostname ?? 'unknown'} [${session.clientIp ?? 'unknown'}])`;
      const single =
        envelope.recipients.length === 1 ? ` for <${envelope.recipients[0]?.address ?? ''}>` : '';
      const tls = session.tls !== null ? ` (${session.tls})` : '';
      const date = new Date(context.receivedAt).toUTCString().replace('GMT', '+0000');
      context.prependHeaders.push(
        `Received: from ${client}\r\n\tby ${hostname} (Chasqui) with ${protocol(context)}${tls}\r\n\tid ${session.sessionId}${single};\r\n\t${date}`,
      );
      return Promise.resolve();
    },
  };
}
