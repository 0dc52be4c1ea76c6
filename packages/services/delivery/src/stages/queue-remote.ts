// Puts mail for remote recipients in the persistent queue, DKIM-signed for our own domains.
import type { Store } from '@chasqui/store';
import type { DkimSigner } from '../dkim/dkim-signer.js';
import { domainOf, prependHeaderLines } from '../headers.js';
import type { Stage } from '../types.js';

export interface QueueRemoteOptions {
  readonly store: Store;
  readonly signer: DkimSigner;
  /** Called after enqueueing so the worker wakes now instead of at its next poll. */
  readonly wake: () => void;
  /** The return path the copy leaves with (SRS for mail we forward for others). */
  readonly returnPath: (mailFrom: string) => Promise<string>;
}

export function queueRemoteStage(options: QueueRemoteOptions): Stage {
  return {
    name: 'queue-remote',
    async run(context) {
      if (context.remote.length === 0) return;
      let raw = prependHeaderLines(context.raw, [...context.prependHeaders].reverse());
      const fromDomain = context.parsed.fromAddress ? domainOf(context.parsed.fromAddress) : null;
      if (fromDomain !== null && context.session.entry !== 'mx')
        raw = await options.signer.sign(raw, fromDomain);
      const queueId = await options.store.outboundQueue.enqueue({
        mailFrom: await options.returnPath(context.envelope.mailFrom),
        envid: context.envelope.envid ?? null,
        ret: context.envelope.ret ?? null,
        recipients: context.remote.map((recipient) => ({
          address: recipient.address,
          status: 'pending' as const,
          ...(recipient.notify ? { notify: recipient.notify } : {}),
          ...(recipient.orcpt ? { orcpt: recipient.orcpt } : {}),
        })),
        raw,
      });
      context.queueIds.push(queueId);
      for (const recipient of context.remote)
        context.outcomes.push({ address: recipient.address, status: 'queued' });
      options.wake();
    },
  };
}
