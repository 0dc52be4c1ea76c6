// Sender Rewriting Scheme (SRS0): mail forwarded to another provider leaves with a return path of
// our own domain, so the receiver's SPF check passes; bounces to it are verified (HMAC, 21-day
// window) and sent back to the original sender. Anything else addressed SRS0=… is refused.
import { createHmac } from 'node:crypto';

const base32 = 'abcdefghijklmnopqrstuvwxyz234567';
const dayMs = 86_400_000;
const maxAgeDays = 21;

function timestamp(now: number): string {
  const days = Math.floor(now / dayMs) % 1024;
  return (base32[days >> 5] ?? 'a') + (base32[days & 31] ?? 'a');
}

function daysOf(stamp: string): number {
  const high = base32.indexOf(stamp[0] ?? '');
  const low = base32.indexOf(stamp[1] ?? '');
  return high < 0 || low < 0 ? -1 : (high << 5) | low;
}

function hash(secret: string, stamp: string, domain: string, local: string): string {
  const digest = createHmac('sha256', secret).update(`${stamp}${domain}${local}`.toLowerCase()).digest();
  let out = '';
  for (let i = 0; i < 4; i++) out += base32.charAt((digest[i] ?? 0) & 31);
  return out;
}

export class SrsRewriter {
  constructor(
    private readonly secret: string,
    /** Our domain that carries the rewritten return paths. */
    readonly domain: string,
  ) {}

  /** `ana@far.test` → `SRS0=hhhh=tt=far.test=ana@<our domain>`; already-rewritten addresses stay. */
  forward(sender: string, now: number): string {
    const at = sender.lastIndexOf('@');
    if (at < 1 || /^srs[01]=/i.test(sender)) return sender;
    const local = sender.slice(0, at);
    const domain = sender.slice(at + 1);
    const stamp = timestamp(now);
    return `SRS0=${hash(this.secret, stamp, domain, local)}=${stamp}=${domain}=${local}@${this.domain}`;
  }

  /** The original sender of a valid SRS0 address of ours, or null. */
  reverse(address: string, now: number): string | null {
    const match = /^srs0=([a-z2-7]{4})=([a-z2-7]{2})=([^=]+)=(.+)@([^@]+)$/i.exec(address);
    if (!match) return null;
    const [, givenHash = '', stamp = '', domain = '', local = '', ourDomain = ''] = match;
    if (ourDomain.toLowerCase() !== this.domain.toLowerCase()) return null;
    if (givenHash.toLowerCase() !== hash(this.secret, stamp.toLowerCase(), domain, local)) return null;
    const age = (Math.floor(now / dayMs) - daysOf(stamp.toLowerCase()) + 1024) % 1024;
    return age <= maxAgeDays ? `${local}@${domain}` : null;
  }
}
