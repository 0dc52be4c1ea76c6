// What the delivery service needs to know of an smtp-server session.
import type { Entry, Envelope, SessionInfo } from '@chasqui/delivery';
import type { SMTPServerSession } from 'smtp-server';

export function sessionInfo(session: SMTPServerSession, entry: Entry): SessionInfo {
  const tls = session.tlsOptions ? `${session.tlsOptions.version} ${session.tlsOptions.name}` : null;
  const hostname =
    session.clientHostname && !session.clientHostname.startsWith('[') ? session.clientHostname : null;
  return {
    entry,
    clientIp: session.remoteAddress,
    clientHostname: hostname,
    helo: session.hostNameAppearsAs || null,
    tls,
    account: (session.user as SessionInfo['account'] | undefined) ?? null,
    sessionId: session.id,
  };
}

export function envelopeOf(session: SMTPServerSession): Envelope {
  const { envelope } = session;
  return {
    mailFrom: envelope.mailFrom === false ? '' : envelope.mailFrom.address,
    recipients: envelope.rcptTo.map((rcpt) => ({
      address: rcpt.address,
      ...(rcpt.dsn?.notify ? { notify: rcpt.dsn.notify } : {}),
      ...(rcpt.dsn?.orcpt ? { orcpt: rcpt.dsn.orcpt } : {}),
    })),
    envid: envelope.dsn?.envid ?? null,
    ret: envelope.dsn?.ret === 'FULL' || envelope.dsn?.ret === 'HDRS' ? envelope.dsn.ret : null,
  };
}
