// Stores the message in every local recipient's mailbox (INBOX, or Spam when quarantined).
// Each append is durable before the stage ends, so the 250 that follows is a promise kept.
import { ChasquiError, errorCatalogue, isChasquiError, type ErrorCode } from '@chasqui/core';
import type { DirectoryService } from '@chasqui/directory';
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

/** A recipient's class of service may cap the size of what it receives. */
async function checkSize(directory: DirectoryService, target: LocalTarget, size: number): Promise<void> {
  const account = await directory.getAccount(target.address);
  if (!account) return;
  const { maxMessageBytes } = await directory.classes.limitsOf(account);
  if (maxMessageBytes !== null && size > maxMessageBytes) {
    throw new ChasquiError(
      'MESSAGE_TOO_LARGE',
      `<${target.address}> accepts messages up to ${maxMessageBytes} bytes`,
    );
  }
}

export function storeLocalStage(
  mail: MailService,
  directory: DirectoryService,
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
            await checkSize(directory, target, raw.byteLength);
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
        const [code, enhanced] = errorCatalogue[first?.code ?? 'INTERNAL'].smtp;
        context.verdict = code < 500 ? 'tempfail' : 'reject';
        context.refusal = { code, enhanced, text: first?.detail ?? 'Mailbox unavailable' };
        context.outcomes.length = 0;
        return;
      }
      onFailures(context, failures);
    },
  };
}
