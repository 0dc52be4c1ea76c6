// Stores the message in every local recipient's mailbox (INBOX, or Spam when quarantined).
// Each append is durable before the stage ends, so the 250 that follows is a promise kept.
import { isChasquiError, type ErrorCode } from '@chasqui/core';
import type { MailService } from '@chasqui/mail';
import { prependHeaderLines } from '../headers.js';
import type { DeliveryContext, LocalTarget, Stage } from '../types.js';

/** Local recipients that could not get the message, for the bounce. */
export interface LocalFailure {
  readonly target: LocalTarget;
  readonly code: ErrorCode;
  readonly detail: string;
}

function finalCopy(context: DeliveryContext): Uint8Array {
  return prependHeaderLines(context.raw, [...context.prependHeaders].reverse());
}

export function storeLocalStage(
  mail: MailService,
  onFailures: (c: DeliveryContext, f: LocalFailure[]) => void,
): Stage {
  return {
    name: 'store-local',
    async run(context) {
      if (context.local.length === 0) return;
      const raw = finalCopy(context);
      const role = context.verdict === 'quarantine' ? 'junk' : 'inbox';
      const failures: LocalFailure[] = [];
      await Promise.all(
        context.local.map(async (target) => {
          try {
            await mail.ingest({
              accountId: target.accountId,
              role,
              raw,
              parsed: context.parsed,
              receivedAt: context.receivedAt,
            });
            context.outcomes.push({ address: target.address, status: 'delivered', detail: role });
          } catch (error) {
            if (!isChasquiError(error)) throw error;
            failures.push({ target, code: error.code, detail: error.message });
            context.outcomes.push({ address: target.address, status: 'bounced', detail: error.message });
          }
        }),
      );
      if (failures.length === 0) return;
      if (failures.length === context.local.length && context.remote.length === 0) {
        const first = failures[0];
        const temporary = first?.code === 'QUOTA_EXCEEDED_TEMPORARY';
        context.verdict = temporary ? 'tempfail' : 'reject';
        context.refusal = temporary
          ? { code: 452, enhanced: '4.2.2', text: 'Mailbox full; try again later' }
          : { code: 552, enhanced: '5.2.2', text: first?.detail ?? 'Mailbox full' };
        context.outcomes.length = 0;
        return;
      }
      onFailures(context, failures);
    },
  };
}
