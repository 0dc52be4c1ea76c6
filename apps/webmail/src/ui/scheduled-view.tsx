// Pending scheduled sends (EmailSubmission with undoStatus "pending"), each cancellable.
import { useCallback, useEffect, useState } from 'react';
import type { MailController } from '../mail/controller.ts';
import type { Email, EmailSubmission, GetResponse, QueryResponse } from '../jmap/types.ts';
import { useI18n } from '../i18n/i18n.ts';
import { assertSet } from '../jmap/client.ts';

export function ScheduledView({ controller }: { controller: MailController }) {
  const { t, formatDate } = useI18n();
  const [items, setItems] = useState<{ submission: EmailSubmission; email?: Email }[] | null>(null);
  const load = useCallback(async () => {
    const batch = controller.client.batch();
    const query = batch.add<QueryResponse>('EmailSubmission/query', {
      filter: { undoStatus: 'pending' },
      sort: [{ property: 'sendAt', isAscending: true }],
    });
    const subs = batch.add<GetResponse<EmailSubmission>>('EmailSubmission/get', {
      '#ids': query.ref('/ids'),
    });
    const emails = batch.add<GetResponse<Email>>('Email/get', {
      '#ids': subs.ref('/list/*/emailId', 'EmailSubmission/get'),
      properties: ['id', 'subject', 'to'],
    });
    await batch.send();
    const [s, e] = await Promise.all([subs.result, emails.result]);
    setItems(
      s.list.map((submission) => {
        const email = e.list.find((m) => m.id === submission.emailId);
        return email ? { submission, email } : { submission };
      }),
    );
  }, [controller]);
  useEffect(() => {
    void load().catch((e: unknown) => {
      controller.toast(String(e));
      setItems([]);
    });
  }, [controller, load]);
  const cancel = async (id: string) => {
    assertSet(
      await controller.client.call('EmailSubmission/set', { update: { [id]: { undoStatus: 'canceled' } } }),
    );
    controller.toast(t('toast.canceled'));
    await load();
  };
  return (
    <section className="list scheduled" aria-label={t('scheduled.title')}>
      <h2 className="pane-heading">{t('scheduled.title')}</h2>
      {items === null && <p>{t('common.loading')}</p>}
      {items?.length === 0 && <p className="empty">{t('scheduled.empty')}</p>}
      <ul>
        {items?.map(({ submission, email }) => (
          <li key={submission.id} className="scheduled-item">
            <strong>{email?.subject || t('list.noSubject')}</strong>{' '}
            <span>{t('scheduled.at', { date: formatDate(submission.sendAt, true) })}</span>
            <button type="button" onClick={() => void cancel(submission.id)}>
              {t('scheduled.cancel')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
