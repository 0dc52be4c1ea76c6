// Inactivity deadlines for thousands of connections without a timer each. A socket's own
// setTimeout() keeps a Timeout and a bound callback per socket for its whole life (even after
// setTimeout(0)); here every connection is one Set entry, and one coarse interval per
// resolution sweeps them all. A deadline fires up to one resolution step late.

/** Something with a deadline: `expire()` runs once the sweep finds `deadline` (ms epoch) passed. */
export interface Expirable {
  readonly deadline: number;
  expire(): void;
}

class DeadlineSweep {
  private readonly items = new Set<Expirable>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly periodMs: number) {}

  add(item: Expirable): void {
    this.items.add(item);
    if (this.timer !== null) return;
    this.timer = setInterval(() => {
      this.sweep();
    }, this.periodMs);
    this.timer.unref();
  }

  delete(item: Expirable): void {
    this.items.delete(item);
    if (this.items.size === 0 && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private sweep(): void {
    const now = Date.now();
    for (const item of this.items) {
      if (item.deadline > now) continue;
      this.delete(item);
      item.expire();
    }
  }
}

const sweeps = new Map<number, DeadlineSweep>();

/** One step in a quarter of the timeout, at most a second: a 30-minute timeout sweeps each second. */
function resolutionFor(timeoutMs: number): number {
  return Math.min(1000, Math.max(25, Math.round(timeoutMs / 100) * 25));
}

/**
 * Watches `item` until unwatch(); `timeoutMs` (the item's usual timeout) picks the sweep's
 * resolution, and must be given again to unwatch().
 */
export function watchDeadline(item: Expirable, timeoutMs: number): void {
  const step = resolutionFor(timeoutMs);
  let sweep = sweeps.get(step);
  if (sweep === undefined) {
    sweep = new DeadlineSweep(step);
    sweeps.set(step, sweep);
  }
  sweep.add(item);
}

export function unwatchDeadline(item: Expirable, timeoutMs: number): void {
  sweeps.get(resolutionFor(timeoutMs))?.delete(item);
}
