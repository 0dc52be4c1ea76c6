// Flood protection before any SMTP work: concurrent connections per client IP and a
// connection-rate budget per IP per minute. Loopback is never limited (health checks, tests).
import { ChasquiError } from '@chasqui/core';

export interface GuardLimits {
  readonly maxConnectionsPerIp: number;
  readonly maxConnectionRatePerMinute: number;
}

function isLoopback(ip: string): boolean {
  return ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.');
}

export class ConnectionGuard {
  private readonly open = new Map<string, number>();
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly limits: GuardLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a new connection; throws RATE_LIMITED when the client is over a limit. */
  admit(ip: string): void {
    if (isLoopback(ip)) return;
    const open = this.open.get(ip) ?? 0;
    if (open >= this.limits.maxConnectionsPerIp) {
      throw new ChasquiError('RATE_LIMITED', `Too many connections from ${ip}`);
    }
    const minuteAgo = this.now() - 60_000;
    const times = (this.recent.get(ip) ?? []).filter((time) => time > minuteAgo);
    if (times.length >= this.limits.maxConnectionRatePerMinute) {
      this.recent.set(ip, times);
      throw new ChasquiError('RATE_LIMITED', `Too many connections from ${ip}; slow down`);
    }
    times.push(this.now());
    this.recent.set(ip, times);
    this.open.set(ip, open + 1);
  }

  release(ip: string): void {
    if (isLoopback(ip)) return;
    const open = (this.open.get(ip) ?? 1) - 1;
    if (open <= 0) this.open.delete(ip);
    else this.open.set(ip, open);
    if (this.open.size === 0 && this.recent.size > 10_000) this.recent.clear();
  }
}
