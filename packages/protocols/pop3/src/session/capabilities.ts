// The CAPA list (RFC 2449 §5–6): what this server offers in the session's current state.
// Login capabilities (USER, SASL, STLS) appear only before login, and only where logging in
// is possible: no USER or SASL over plaintext unless the listener allows it.
import type { SessionSettings, SessionState } from './session-api.js';

export interface CapabilityContext {
  readonly state: SessionState;
  readonly isTls: boolean;
  readonly settings: SessionSettings;
}

export function capabilityList({ state, isTls, settings }: CapabilityContext): string[] {
  const canLogIn = state === 'authorization' && (isTls || settings.allowPlaintextAuth);
  return [
    'TOP',
    'UIDL',
    ...(canLogIn ? ['USER', 'SASL PLAIN'] : []),
    'RESP-CODES',
    'AUTH-RESP-CODE',
    ...(state === 'authorization' && settings.offersStls && !isTls ? ['STLS'] : []),
    'PIPELINING',
    // RFC 2449 §6.7: messages are kept until the client deletes them.
    'EXPIRE NEVER',
    ...(settings.loginDelaySeconds === null ? [] : [`LOGIN-DELAY ${settings.loginDelaySeconds}`]),
    'IMPLEMENTATION Chasqui',
  ];
}
