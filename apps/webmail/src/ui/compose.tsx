// Compose dialog (lazy chunk): identities and signatures, recipients with autocomplete,
// rich or plain text, attachments and inline images with upload progress and drag and drop,
// automatic draft saving, send now or at a chosen time.
import { useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { Editor } from '@tiptap/react';
import type { MailController } from '../mail/controller.ts';
import { useI18n } from '../i18n/i18n.ts';
import {
  parseAddresses,
  formatAddresses,
  startReply,
  textToParagraphs,
  type DraftAttachment,
  type DraftContent,
} from '../mail/compose-model.ts';
import { userTags } from '../mail/search.ts';
import { plainText } from './reader.tsx';
import type { ComposeStart } from './compose-types.ts';
import { AddressField } from './address-field.tsx';
import { ComposeTags } from './compose-tags.tsx';
import { SignatureChoices } from './signature-choices.tsx';
import { RichEditor } from './rich-editor.tsx';
import { saveDraft, sendMessage } from './compose-send.ts';
import { defaultSignatureId, NO_SIGNATURE, signatureOptions, withSignature } from './signatures.ts';

interface Upload {
  id: string;
  name: string;
  progress: number;
}

export default function Compose({
  controller,
  start,
  onClose,
}: {
  controller: MailController;
  start: ComposeStart;
  onClose: () => void;
}) {
  const { t, formatDate } = useI18n();
  const initial = useMemo(
    () => initialContent(controller, start, t, formatDate),
    [controller, start, t, formatDate],
  );
  const [identityId, setIdentityId] = useState(controller.identities[0]?.id ?? '');
  const [to, setTo] = useState(initial.to);
  const [cc, setCc] = useState(initial.cc);
  const [bcc, setBcc] = useState('');
  const [subject, setSubject] = useState(initial.subject);
  const [rich, setRich] = useState(true);
  const [body, setBody] = useState({ html: initial.html, text: initial.text });
  const [attachments, setAttachments] = useState<DraftAttachment[]>(initial.attachments);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [signatureId, setSignatureId] = useState(
    start.mode === 'draft' ? NO_SIGNATURE : defaultSignatureId(controller, identityId),
  );
  const [tags, setTags] = useState(initial.tags);
  const [sendAt, setSendAt] = useState('');
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const draftId = useRef<string | null>(start.mode === 'draft' ? start.original.id : null);
  const editor = useRef<Editor | null>(null);
  const inlineImages = useRef(new Map<string, DraftAttachment>());
  const fileInput = useRef<HTMLInputElement>(null);
  const imageInput = useRef<HTMLInputElement>(null);
  const dirty = useRef(false);
  const identity = controller.identities.find((i) => i.id === identityId);
  const signatures = signatureOptions(controller, identity);

  const content = (): DraftContent | null => {
    if (!identity) return null;
    const signature = signatures.find((s) => s.id === signatureId);
    let html = rich ? body.html : null;
    const images: DraftAttachment[] = [];
    for (const [url, image] of inlineImages.current) {
      if (html?.includes(url)) {
        html = html.split(url).join(`cid:${image.cid ?? ''}`);
        images.push(image);
      }
    }
    const signed = withSignature(html, body.text, signature);
    return {
      identity,
      to: parseAddresses(to),
      cc: parseAddresses(cc),
      bcc: parseAddresses(bcc),
      subject,
      html: signed.html,
      text: signed.text,
      attachments: [...attachments, ...images],
      inReplyTo: initial.inReplyTo,
      references: initial.references,
      tags,
    };
  };
  const folders = () => ({
    drafts: controller.role('drafts')?.id ?? '',
    sent: controller.role('sent')?.id ?? null,
  });

  // Autosave: 1.5 s after the last change, replace the server draft.
  useEffect(() => {
    if (!dirty.current) {
      dirty.current = true;
      return;
    }
    const timer = setTimeout(() => {
      const draft = content();
      if (!draft || !folders().drafts || busy) return;
      setStatus(t('compose.draftSaving'));
      void saveDraft(controller.client, draft, folders(), draftId.current)
        .then((id) => {
          draftId.current = id;
          setStatus(t('compose.draftSaved', { time: formatDate(new Date().toISOString()) }));
        })
        .catch((e: unknown) => setStatus(t('common.error', { message: String(e) })));
    }, 1500);
    return () => clearTimeout(timer);
    // content() reads the fields below; listing them is what triggers the save.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [to, cc, bcc, subject, body, attachments, identityId, signatureId, tags]);

  const upload = (files: FileList | File[], inline: boolean) => {
    for (const file of Array.from(files)) {
      const id = crypto.randomUUID();
      setUploads((u) => [...u, { id, name: file.name, progress: 0 }]);
      void controller.client
        .upload(file, (p) => setUploads((u) => u.map((x) => (x.id === id ? { ...x, progress: p } : x))))
        .then((blob) => {
          const attachment: DraftAttachment = {
            blobId: blob.blobId,
            name: file.name,
            type: file.type || blob.type,
            size: file.size,
          };
          if (inline && editor.current) {
            const url = URL.createObjectURL(file);
            inlineImages.current.set(url, { ...attachment, cid: `${id}@chasqui` });
            editor.current.chain().focus().setImage({ src: url, alt: file.name }).run();
          } else setAttachments((a) => [...a, attachment]);
        })
        .catch((e: unknown) => setStatus(t('common.error', { message: String(e) })))
        .finally(() => setUploads((u) => u.filter((x) => x.id !== id)));
    }
  };
  const onDrop = (event: DragEvent) => {
    if (!event.dataTransfer.files.length) return;
    event.preventDefault();
    upload(event.dataTransfer.files, false);
  };

  const send = async (scheduled: boolean) => {
    const draft = content();
    if (!draft) return;
    if (draft.to.length + draft.cc.length + draft.bcc.length === 0) {
      setStatus(t('compose.noRecipients'));
      return;
    }
    setBusy(true);
    try {
      const when = scheduled && sendAt ? new Date(sendAt) : null;
      await sendMessage(controller.client, draft, folders(), draftId.current, when);
      controller.recent.note([...draft.to, ...draft.cc, ...draft.bcc]);
      controller.toast(
        when ? t('toast.scheduled', { date: formatDate(when.toISOString(), true) }) : t('toast.sent'),
      );
      onClose();
    } catch (e) {
      setStatus(t('common.error', { message: String(e) }));
      setBusy(false);
    }
  };
  const discard = async () => {
    if (draftId.current) await controller.destroy([draftId.current]).catch(() => undefined);
    onClose();
  };

  return (
    <div
      className="compose"
      role="dialog"
      aria-modal="false"
      aria-label={start.mode === 'new' ? t('compose.title') : subject}
      onDragOver={(e) => e.preventDefault()}
      onDrop={onDrop}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void send(false);
        }}
      >
        <label>
          {t('compose.from')}
          <select
            value={identityId}
            onChange={(e) => {
              setIdentityId(e.target.value);
              setSignatureId(defaultSignatureId(controller, e.target.value));
            }}
          >
            {controller.identities.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name ? `${i.name} <${i.email}>` : i.email}
              </option>
            ))}
          </select>
        </label>
        <AddressField controller={controller} label={t('compose.to')} value={to} onChange={setTo} />
        <AddressField controller={controller} label={t('compose.cc')} value={cc} onChange={setCc} />
        <AddressField controller={controller} label={t('compose.bcc')} value={bcc} onChange={setBcc} />
        <label>
          {t('compose.subject')}
          <input name="subject" value={subject} onChange={(e) => setSubject(e.target.value)} />
        </label>
        <div className="mode-switch" role="radiogroup" aria-label={t('compose.body')}>
          <label>
            <input type="radio" checked={rich} onChange={() => setRich(true)} /> {t('compose.richText')}
          </label>
          <label>
            <input type="radio" checked={!rich} onChange={() => setRich(false)} /> {t('compose.plainText')}
          </label>
        </div>
        {rich ? (
          <RichEditor
            initialHtml={body.html ?? textToParagraphs(body.text)}
            onChange={(html, text) => setBody({ html, text })}
            onReady={(e) => (editor.current = e)}
            onPickImage={() => imageInput.current?.click()}
          />
        ) : (
          <textarea
            aria-label={t('compose.body')}
            className="plain-body"
            value={body.text}
            onChange={(e) => setBody({ html: null, text: e.target.value })}
          />
        )}
        <label>
          {t('compose.signature')}
          <select value={signatureId} onChange={(e) => setSignatureId(e.target.value)}>
            <SignatureChoices options={signatures} />
          </select>
        </label>
        <ComposeTags controller={controller} value={tags} onChange={setTags} />
        <p className="drop-hint">{t('compose.dropHere')}</p>
        <input
          ref={fileInput}
          type="file"
          multiple
          className="sr-only"
          aria-label={t('compose.attach')}
          onChange={(e) => e.target.files && upload(e.target.files, false)}
        />
        <input
          ref={imageInput}
          type="file"
          accept="image/*"
          className="sr-only"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(e) => e.target.files && upload(e.target.files, true)}
        />
        <ul className="attachment-list">
          {attachments.map((a) => (
            <li key={a.blobId}>
              {a.name}{' '}
              <button
                type="button"
                aria-label={t('compose.removeAttachment', { name: a.name })}
                onClick={() => setAttachments(attachments.filter((x) => x !== a))}
              >
                ×
              </button>
            </li>
          ))}
          {uploads.map((u) => (
            <li key={u.id}>
              <progress
                max={1}
                value={u.progress}
                aria-label={t('compose.uploading', { name: u.name, percent: Math.round(u.progress * 100) })}
              />{' '}
              {u.name}
            </li>
          ))}
        </ul>
        <p className="compose-status" role="status">
          {status}
        </p>
        <div className="compose-actions">
          <button type="submit" className="primary" disabled={busy || uploads.length > 0}>
            {busy ? t('compose.sending') : t('compose.send')}
          </button>
          <button type="button" onClick={() => fileInput.current?.click()}>
            {t('compose.attach')}
          </button>
          <label>
            {t('compose.scheduleAt')}{' '}
            <input type="datetime-local" value={sendAt} onChange={(e) => setSendAt(e.target.value)} />
          </label>
          <button type="button" disabled={!sendAt || busy} onClick={() => void send(true)}>
            {t('compose.schedule')}
          </button>
          <button type="button" onClick={() => void discard()}>
            {t('compose.discard')}
          </button>
          <button type="button" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      </form>
    </div>
  );
}

type T = ReturnType<typeof useI18n>['t'];
function initialContent(
  controller: MailController,
  start: ComposeStart,
  t: T,
  formatDate: (iso: string, time?: boolean) => string,
) {
  const empty = {
    to: '',
    cc: '',
    subject: '',
    html: null as string | null,
    text: '',
    attachments: [] as DraftAttachment[],
    inReplyTo: null as string[] | null,
    references: null as string[] | null,
    tags: [] as string[],
  };
  if (start.mode === 'new') return empty;
  const original = start.original;
  if (start.mode === 'draft') {
    const values = original.bodyValues ?? {};
    const htmlPart = original.htmlBody?.find((p) => p.partId && values[p.partId] && p.type === 'text/html');
    return {
      ...empty,
      to: formatAddresses(original.to),
      cc: formatAddresses(original.cc),
      subject: original.subject ?? '',
      html: htmlPart?.partId ? (values[htmlPart.partId]?.value ?? null) : null,
      text: plainText(original),
      attachments: (original.attachments ?? [])
        .filter((p) => p.blobId)
        .map((p) => ({ blobId: p.blobId ?? '', name: p.name ?? '', type: p.type, size: p.size })),
      inReplyTo: original.inReplyTo ?? null,
      references: original.references ?? null,
      tags: userTags(original.keywords),
    };
  }
  const own = controller.identities.map((i) => ({ name: i.name, email: i.email }));
  const sender = original.from?.[0];
  const reply = startReply(original, start.text, start.mode, own, {
    replyPrefix: t('compose.replyPrefix'),
    forwardPrefix: t('compose.forwardPrefix'),
    forwarded: t('compose.forwarded'),
    wrote: t('compose.wrote', {
      date: formatDate(original.receivedAt, true),
      sender: sender?.name ?? sender?.email ?? '',
    }),
  });
  const text = `\n\n${reply.quotedText}`;
  return {
    ...empty,
    to: formatAddresses(reply.to),
    cc: formatAddresses(reply.cc),
    subject: reply.subject,
    text,
    html: textToParagraphs(text),
    attachments: reply.attachments,
    inReplyTo: reply.inReplyTo,
    references: reply.references,
  };
}
