// Expands the envelope into local mailboxes and remote addresses; sets the message's direction.
import { isChasquiError } from '@chasqui/core';
import type { RecipientExpander } from '../routing/expand-recipients.js';
import type { Stage } from '../types.js';

export function routeStage(expander: RecipientExpander): Stage {
  return {
    name: 'route',
    async run(context) {
      let expansion;
      try {
        expansion = await expander.expand(context.envelope.recipients, context.envelope.mailFrom);
      } catch (error) {
        if (!isChasquiError(error, 'FORBIDDEN')) throw error;
        context.verdict = 'reject';
        context.refusal = { code: 550, enhanced: '5.7.1', text: error.message };
        return;
      }
      context.local.push(...expansion.local);
      context.remote.push(...expansion.remote);
      if (context.session.entry !== 'mx')
        context.direction = expansion.remote.length > 0 ? 'outbound' : 'internal';
      if (expansion.local.length === 0 && expansion.remote.length === 0) {
        context.verdict = 'reject';
        context.refusal = { code: 550, enhanced: '5.1.1', text: 'No valid recipients' };
      }
    },
  };
}
