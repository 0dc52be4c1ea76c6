// Per-account admission for POP3 logins: the exclusive maildrop lock RFC 1939 §8 asks for
// ([IN-USE], RFC 2449 §8.1.1) and the LOGIN-DELAY policy (RFC 2449 §8.1.2). The lock is a store
// lease (ExclusiveLocks), so it holds across worker processes and nodes.
// One set of gates per MailService, so a 110-style and a 995-style listener share them.
import type { Clock } from '@chasqui/core';
import type { ExclusiveLocks, MailService, ReleaseLock } from '@chasqui/mail';

export class AccountGates {
  private readonly lastLogin = new Map<number, number>();

  constructor(
    private readonly clock: Clock,
    private readonly locks: ExclusiveLocks,
  ) {}

  /** Takes the account's maildrop lock; returns its release, or null when another session holds it. */
  tryLock(accountId: number): Promise<ReleaseLock | null> {
    return this.locks.tryLock(`pop3:${String(accountId)}`);
  }

  /** Seconds the account must still wait before logging in (0: admitted, and recorded). */
  admitLogin(accountId: number, delaySeconds: number | null): number {
    if (delaySeconds === null) return 0;
    const now = this.clock.now();
    const last = this.lastLogin.get(accountId);
    const wait = last === undefined ? 0 : last + delaySeconds * 1000 - now;
    if (wait > 0) return Math.ceil(wait / 1000);
    this.lastLogin.set(accountId, now);
    // Logins older than the delay no longer matter: drop them so the map stays small.
    if (this.lastLogin.size > 10_000) this.forgetBefore(now - delaySeconds * 1000);
    return 0;
  }

  private forgetBefore(cutoff: number): void {
    for (const [accountId, at] of this.lastLogin) if (at < cutoff) this.lastLogin.delete(accountId);
  }
}

const gatesByMail = new WeakMap<MailService, AccountGates>();

/** The gates shared by every POP3 listener built on `mail`. */
export function gatesFor(mail: MailService, clock: Clock): AccountGates {
  let gates = gatesByMail.get(mail);
  if (gates === undefined) {
    gates = new AccountGates(clock, mail.locks);
    gatesByMail.set(mail, gates);
  }
  return gates;
}
