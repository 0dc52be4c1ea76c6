// RFC 9051 §7.2.2 CAPABILITY: what this server offers, by connection state and TLS.

export interface CapabilityContext {
  readonly isAuthenticated: boolean;
  readonly isTls: boolean;
  readonly offersStartTls: boolean;
  readonly allowPlaintextAuth: boolean;
  readonly maxMessageBytes: number;
}

const afterLogin = [
  'LITERAL+',
  'ENABLE',
  'IDLE',
  'NAMESPACE',
  'UIDPLUS',
  'MOVE',
  'UNSELECT',
  'CHILDREN',
  'LIST-EXTENDED',
  'LIST-STATUS',
  'SPECIAL-USE',
  'CONDSTORE',
  'QRESYNC',
  'ESEARCH',
  'SEARCHRES',
  'SORT',
  'SORT=DISPLAY',
  'THREAD=ORDEREDSUBJECT',
  'THREAD=REFERENCES',
  'STATUS=SIZE',
  'QUOTA',
  'QUOTA=RES-STORAGE',
  'OBJECTID',
  'CREATE-SPECIAL-USE',
  'BINARY',
  'MULTIAPPEND',
  'UTF8=ACCEPT',
  'COMPRESS=DEFLATE',
  'ACL',
  'RIGHTS=texk',
];

/** The capability list; authentication mechanisms are hidden until TLS unless allowed. */
export function capabilityList(context: CapabilityContext): string[] {
  const list = ['IMAP4rev1', 'IMAP4rev2', 'ID'];
  if (!context.isAuthenticated) {
    const canAuthenticate = context.isTls || context.allowPlaintextAuth;
    if (context.offersStartTls && !context.isTls) list.push('STARTTLS');
    if (canAuthenticate) list.push('AUTH=PLAIN', 'SASL-IR');
    else list.push('LOGINDISABLED');
    list.push('LITERAL-', 'ENABLE');
    return list;
  }
  return [...list, ...afterLogin, `APPENDLIMIT=${context.maxMessageBytes}`];
}
