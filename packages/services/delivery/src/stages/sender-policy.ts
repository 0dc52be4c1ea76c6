// Submission: an authenticated user sends only as an address of their own, in MAIL FROM and in
// the From: header alike (the header is what the recipient sees), within its class's size limit.
import type { DirectoryService } from '@chasqui/directory';
import type { Store } from '@chasqui/store';
import { ownedAddresses } from '../routing/sender-addresses.js';
import type { Stage } from '../types.js';

export function senderPolicyStage(store: Store, directory: DirectoryService): Stage {
  return {
    name: 'sender-policy',
    async run(context) {
      const { account, entry } = context.session;
      if (entry !== 'submission') return;
      if (!account) {
        context.verdict = 'reject';
        context.refusal = { code: 530, enhanced: '5.7.0', text: 'Authentication required' };
        return;
      }
      const limits = await directory.classes.limitsOf(account);
      if (limits.maxMessageBytes !== null && context.raw.byteLength > limits.maxMessageBytes) {
        context.verdict = 'reject';
        context.refusal = {
          code: 552,
          enhanced: '5.3.4',
          text: `Messages are limited to ${limits.maxMessageBytes} bytes`,
        };
        return;
      }
      const owned = await ownedAddresses(store, account);
      const from = context.parsed.fromAddress?.toLowerCase() ?? null;
      if (from === null || !owned.has(from)) {
        context.verdict = 'reject';
        context.refusal = {
          code: 550,
          enhanced: '5.7.1',
          text: `From: ${from ?? '(none)'} is not an address of ${account.address}`,
        };
        context.ruleHits.push('FROM_NOT_OWNED');
      }
    },
  };
}
