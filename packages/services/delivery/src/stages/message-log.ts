// Writes the message log record (the monitoring panel's source) for every message, refused or not.
import type { Store } from '@chasqui/store';
import type { DeliveryContext, Stage } from '../types.js';

function recipientsOf(context: DeliveryContext) {
  if (context.verdict === 'reject' || context.verdict === 'tempfail') {
    const status = context.verdict === 'reject' ? 'rejected' : 'deferred';
    const detail = context.refusal
      ? `${context.refusal.code} ${context.refusal.enhanced} ${context.refusal.text}`
      : '';
    return context.envelope.recipients.map((r) => ({ address: r.address, status, detail }));
  }
  return context.outcomes;
}

export function messageLogStage(store: Store): Stage {
  return {
    name: 'log',
    always: true,
    async run(context) {
      context.logId = await store.messageLog.add({
        at: context.receivedAt,
        direction: context.direction,
        mailFrom: context.envelope.mailFrom,
        recipients: recipientsOf(context),
        fromHeader: context.parsed.from,
        subject: context.parsed.subject,
        messageIdHeader: context.parsed.messageIdHeader,
        size: context.raw.byteLength,
        clientIp: context.session.clientIp,
        tls: context.session.tls,
        authResults: context.authResults,
        verdict: context.verdict,
        score: context.score,
        ruleHits: context.ruleHits,
        timings: context.timings,
      });
      if (context.queueIds.length > 0) await store.outboundQueue.attachLog(context.queueIds, context.logId);
    },
  };
}
