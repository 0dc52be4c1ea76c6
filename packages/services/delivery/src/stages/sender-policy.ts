// Submission: an authenticated user sends only as an address of their own, in MAIL FROM and in
// the From: header alike (the header is what the recipient sees).
import type { Store } from '@chasqui/store';
import { ownedAddresses } from '../routing/sender-addresses.js';
import type { Stage } from '../types.js';

export function senderPolicyStage(store: Store): Stage {
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
