// Reading pane: headers, sanitised body in a sandboxed frame, remote-image consent,
// attachments with preview/download, and header/source views.
import { lazy, Suspense, useEffect, useState } from 'react';
import type { MailController } from '../mail/controller.ts';
import type { Email, GetResponse } from '../jmap/types.ts';
import { useI18n } from '../i18n/i18n.ts';
import { formatAddresses } from '../mail/compose-model.ts';
import { MessageFrame } from './message-frame.tsx';
import { openMessage } from './shortcuts.ts';
import { useMailActions } from './mail-actions.ts';

const Attachments = lazy(() => import('./attachments.tsx'));

const FULL_PROPERTIES = [
  'id',
  'blobId',
  'threadId',
  'mailboxIds',
  'keywords',
  'from',
  'to',
  'cc',
  'bcc',
  'replyTo',
  'subject',
  'sentAt',
  'receivedAt',
  'messageId',
  'inReplyTo',
  'references',
  'htmlBody',
  'textBody',
  'attachments',
  'bodyValues',
  'hasAttachment',
  'preview',
  'size',
  'headers',
];

type Reply = (mode: 'reply' | 'replyAll' | 'forward', original: Email, text: string) => void;

export function Reader({
  controller,
  onReply,
  onBack,
}: {
  controller: MailController;
  onReply: Reply;
  onBack: () => void;
}) {
  const { t, formatDate } = useI18n();
  const actions = useMailActions(controller);
  const [email, setEmail] = useState<Email | null>(null);
  const [extra, setExtra] = useState<'headers' | 'source' | null>(null);
  const [source, setSource] = useState('');
  const id = controller.openId;

  useEffect(() => {
    setEmail(null);
    setExtra(null);
    if (!id) return;
    let live = true;
    void controller.client
      .call<GetResponse<Email>>('Email/get', {
        ids: [id],
        properties: FULL_PROPERTIES,
        fetchHTMLBodyValues: true,
        fetchTextBodyValues: true,
        maxBodyValueBytes: 2_000_000,
      })
      .then((r) => {
        const found = r.list[0];
        if (!live || !found) return;
        setEmail(found);
        if (!found.keywords['$seen']) void controller.setKeyword([found.id], '$seen', true);
        controller.recent.note(found.from ?? []);
      })
      .catch((e: unknown) => controller.toast(String(e)));
    return () => {
      live = false;
    };
  }, [controller, id]);

  const text = email ? plainText(email) : '';
  useEffect(() => {
    openMessage.email = email;
    openMessage.text = text;
  }, [email, text]);

  if (!id || !email) {
    return (
      <section className="reader empty" aria-label={t('reader.empty')}>
        <p>{id ? t('common.loading') : t('reader.empty')}</p>
      </section>
    );
  }
  const showSource = async () => {
    setExtra(extra === 'source' ? null : 'source');
    const response = await fetch(controller.client.downloadUrl(email.blobId, 'message.eml', 'text/plain'), {
      credentials: 'same-origin',
    });
    setSource(await response.text());
  };
  const sender = email.from?.[0]?.email ?? '';
  return (
    <section className="reader" aria-label={email.subject ?? t('list.noSubject')}>
      <button type="button" className="only-narrow" onClick={onBack}>
        ← {t('common.back')}
      </button>
      <h2 className="subject">{email.subject || t('list.noSubject')}</h2>
      <dl className="meta">
        <dt>{t('reader.from')}</dt>
        <dd>{formatAddresses(email.from)}</dd>
        <dt>{t('reader.to')}</dt>
        <dd>{formatAddresses(email.to)}</dd>
        {email.cc?.length ? (
          <>
            <dt>{t('reader.cc')}</dt>
            <dd>{formatAddresses(email.cc)}</dd>
          </>
        ) : null}
        <dt>{t('reader.date')}</dt>
        <dd>{formatDate(email.sentAt ?? email.receivedAt, true)}</dd>
      </dl>
      <div className="reader-actions" role="toolbar" aria-label={t('actions.reply')}>
        <button type="button" onClick={() => onReply('reply', email, text)} aria-keyshortcuts="r">
          {t('actions.reply')}
        </button>
        <button type="button" onClick={() => onReply('replyAll', email, text)} aria-keyshortcuts="a">
          {t('actions.replyAll')}
        </button>
        <button type="button" onClick={() => onReply('forward', email, text)} aria-keyshortcuts="f">
          {t('actions.forward')}
        </button>
        <button type="button" onClick={() => void actions.remove([email.id])}>
          {t('actions.delete')}
        </button>
        {actions.isJunkView() ? (
          <button type="button" onClick={() => void actions.notSpam([email.id])} aria-keyshortcuts="!">
            {t('actions.notSpam')}
          </button>
        ) : (
          <button
            type="button"
            disabled={!controller.role('junk')}
            onClick={() => void actions.spam([email.id])}
            aria-keyshortcuts="!"
          >
            {t('actions.spam')}
          </button>
        )}
        <button
          type="button"
          onClick={() => void controller.setKeyword([email.id], '$flagged', !email.keywords['$flagged'])}
        >
          {t('actions.flag')}
        </button>
        <button
          type="button"
          aria-pressed={extra === 'headers'}
          onClick={() => setExtra(extra === 'headers' ? null : 'headers')}
        >
          {t('actions.headers')}
        </button>
        <button type="button" aria-pressed={extra === 'source'} onClick={() => void showSource()}>
          {t('actions.source')}
        </button>
      </div>
      {extra === 'headers' && (
        <pre className="source">{(email.headers ?? []).map((h) => `${h.name}:${h.value}`).join('\n')}</pre>
      )}
      {extra === 'source' && <pre className="source">{source || t('common.loading')}</pre>}
      <MessageFrame controller={controller} email={email} sender={sender} />
      {(email.attachments?.length ?? 0) > 0 && (
        <Suspense fallback={null}>
          <Attachments controller={controller} parts={email.attachments ?? []} />
        </Suspense>
      )}
    </section>
  );
}

/** The text of the message for quoting: text/plain part, or HTML stripped of tags. */
export function plainText(email: Email): string {
  const values = email.bodyValues ?? {};
  const textPart = email.textBody?.find((p) => p.type === 'text/plain' && p.partId && values[p.partId]);
  if (textPart?.partId) return values[textPart.partId]?.value ?? '';
  const htmlPart = email.htmlBody?.find((p) => p.partId && values[p.partId]);
  const html = htmlPart?.partId ? (values[htmlPart.partId]?.value ?? '') : '';
  return new DOMParser().parseFromString(html, 'text/html').body.textContent;
}
