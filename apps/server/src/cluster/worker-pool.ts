// The primary's workers: forked with the same command line, each running every listener on the
// shared ports (node:cluster hands accepted connections out round robin). The pool relays mail
// changes between workers, answers their brute-force limiter questions from the one shared
// limiter, replaces a worker that dies, and stops them all.
import cluster, { type Worker } from 'node:cluster';
import { once } from 'node:events';
import type { Logger } from '@chasqui/core';
import type { AuthLimiter } from '@chasqui/directory';
import { answerLimiter } from './cluster-limiter.js';
import { isClusterMessage, type ClusterMessage } from './messages.js';

/**
 * glibc reads its malloc settings when a process starts, so the primary sets them for its workers.
 * A fixed 4 MiB mmap threshold turns off glibc's sliding one, which after the first argon2 hash
 * (19 MiB, freed) keeps such blocks inside each thread's arena: ~76 MB for good once four hashes
 * ran at once. Blocks of 4 MiB and more are rare enough that mapping them costs no measurable
 * CPU. A value set by the operator wins.
 */
const workerMallocEnv = { MALLOC_MMAP_THRESHOLD_: String(4 * 1024 * 1024) };

/** A worker that dies is replaced after this pause, so a crash loop does not spin the CPU. */
const restartDelayMs = 1_000;

export class WorkerPool {
  private readonly workers = new Map<number, Worker>();
  private stopping = false;
  private readyCount = 0;
  private startup: { resolve: () => void; reject: (error: Error) => void } | null = null;

  constructor(
    private readonly size: number,
    private readonly limiter: AuthLimiter,
    private readonly logger: Logger,
  ) {}

  /** Forks every worker; resolves once all have bound their listeners, rejects if one dies first. */
  start(): Promise<void> {
    const started = new Promise<void>((resolve, reject) => {
      this.startup = { resolve, reject };
    });
    for (let index = 0; index < this.size; index++) this.fork(index);
    return started;
  }

  /** Passes a signal (SIGHUP: reload certificates) to every worker. */
  signal(name: NodeJS.Signals): void {
    for (const worker of this.workers.values()) worker.process.kill(name);
  }

  /** Asks every worker to stop (SIGTERM: each drains its connections); kills stragglers. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    const exits = [...this.workers.values()].map((worker) => once(worker, 'exit'));
    this.signal('SIGTERM');
    const timer = setTimeout(() => {
      this.signal('SIGKILL');
    }, timeoutMs);
    await Promise.all(exits);
    clearTimeout(timer);
  }

  private fork(index: number): void {
    const worker = cluster.fork({
      ...workerMallocEnv,
      ...process.env,
      CHASQUI_WORKER_INDEX: String(index),
    });
    this.workers.set(index, worker);
    worker.on('message', (message: unknown) => {
      if (isClusterMessage(message)) this.route(worker, message);
    });
    worker.on('exit', (code, signal) => {
      this.workers.delete(index);
      if (this.stopping) return;
      this.logger.error({ worker: index, code, signal }, 'cluster.worker_died');
      if (this.startup !== null) {
        this.startup.reject(
          new Error(`worker ${String(index)} exited during start-up (code ${String(code)})`),
        );
        this.startup = null;
        return;
      }
      setTimeout(() => {
        if (!this.stopping) this.fork(index);
      }, restartDelayMs).unref();
    });
  }

  private route(from: Worker, message: ClusterMessage): void {
    switch (message.type) {
      case 'chasqui:mail-change':
        for (const worker of this.workers.values()) if (worker !== from) send(worker, message);
        return;
      case 'chasqui:limiter':
        answerLimiter(this.limiter, message.operation, message.attempt)
          .then((verdict) => {
            send(from, { type: 'chasqui:limiter-reply', id: message.id, verdict });
          })
          .catch((error: unknown) => {
            this.logger.warn({ err: error }, 'cluster.limiter_failed');
          });
        return;
      case 'chasqui:ready':
        this.readyCount++;
        if (this.readyCount === this.size && this.startup !== null) {
          this.startup.resolve();
          this.startup = null;
        }
        return;
      case 'chasqui:limiter-reply':
        return;
    }
  }
}

function send(worker: Worker, message: ClusterMessage): void {
  // A worker that is exiting cannot take messages; it will not need them.
  if (worker.isConnected()) worker.send(message);
}
