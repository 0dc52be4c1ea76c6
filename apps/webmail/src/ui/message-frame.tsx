// The message body in <iframe sandbox> (no allow-scripts) with its own CSP. The frame is
// same-origin only so the app can apply the already-sanitised CSS through CSSOM: under the
// app's CSP (style-src 'self') parser-inserted inline styles would otherwise be ignored.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { MailController } from '../mail/controller.ts';
import type { Email } from '../jmap/types.ts';
import { frameDocument, sanitizeMailHtml, textToHtml } from '../mail/sanitize.ts';
import { useI18n } from '../i18n/i18n.ts';
import { imageProxyOf } from '../mail/preferences.ts';

const BASE_CSS = `body{font:15px/1.5 system-ui,sans-serif;color:#1b1b1f;margin:0;padding:8px;overflow-wrap:anywhere}
img{max-width:100%;height:auto}img[data-chasqui-blocked]{display:inline-block;min-width:16px;min-height:16px;background:#eee}
.chasqui-plain{white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:14px}a{color:#0b57d0}`;

export function MessageFrame({
  controller,
  email,
  sender,
}: {
  controller: MailController;
  email: Email;
  sender: string;
}) {
  const { t } = useI18n();
  const frame = useRef<HTMLIFrameElement>(null);
  const [allowOnce, setAllowOnce] = useState(false);
  const [height, setHeight] = useState(200);
  const imageProxy = useMemo(() => imageProxyOf(controller.client), [controller]);
  const allow = Boolean(imageProxy) && (allowOnce || controller.prefs.isRemoteAllowed(sender));
  const domain = sender.includes('@') ? sender.slice(sender.lastIndexOf('@')).toLowerCase() : '';

  const { html, blocked } = useMemo(() => {
    const values = email.bodyValues ?? {};
    const htmlPart = email.htmlBody?.find((p) => p.type === 'text/html' && p.partId && values[p.partId]);
    const textPart = email.textBody?.find((p) => p.partId && values[p.partId]);
    const cids = new Map(
      (email.attachments ?? []).filter((p) => p.cid && p.blobId).map((p) => [p.cid ?? '', p]),
    );
    if (htmlPart?.partId) {
      const result = sanitizeMailHtml(values[htmlPart.partId]?.value ?? '', {
        allowRemoteImages: allow,
        ...(imageProxy ? { imageProxy } : {}),
        resolveCid: (cid) => {
          const part = cids.get(cid);
          return part?.blobId
            ? controller.client.downloadUrl(part.blobId, part.name ?? 'image', part.type)
            : null;
        },
      });
      return { html: result.html, blocked: result.blockedRemote };
    }
    return {
      html: textToHtml(textPart?.partId ? (values[textPart.partId]?.value ?? '') : email.preview),
      blocked: 0,
    };
  }, [email, allow, controller, imageProxy]);

  const srcDoc = useMemo(() => frameDocument(html, { origin: location.origin }), [html]);

  useEffect(() => setAllowOnce(false), [email.id]);

  const onLoad = () => {
    const doc = frame.current?.contentDocument;
    const win = frame.current?.contentWindow as (Window & typeof globalThis) | null | undefined;
    if (!doc || !win) return;
    applyStyles(doc, win);
    setHeight(Math.min(Math.max(doc.documentElement.scrollHeight, 120), 20000));
  };

  return (
    <>
      {blocked > 0 && !allow && (
        <div className="remote-banner" role="note">
          <span>{t('reader.remoteBlocked')}</span>
          {imageProxy && (
            <>
              <button type="button" onClick={() => setAllowOnce(true)}>
                {t('reader.showImages')}
              </button>
              {sender && (
                <button type="button" onClick={() => void controller.prefs.allowRemote(sender)}>
                  {t('reader.alwaysShow', { sender })}
                </button>
              )}
              {domain && (
                <button type="button" onClick={() => void controller.prefs.allowRemote(domain)}>
                  {t('reader.alwaysShowDomain', { domain })}
                </button>
              )}
            </>
          )}
        </div>
      )}
      <iframe
        ref={frame}
        className="message-frame"
        title={t('reader.frameTitle')}
        sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
        referrerPolicy="no-referrer"
        srcDoc={srcDoc}
        onLoad={onLoad}
        style={{ height }}
      />
    </>
  );
}

/** Applies base CSS, the mail's <style> blocks and style attributes via CSSOM. */
function applyStyles(doc: Document, win: Window & typeof globalThis): void {
  const sheets: CSSStyleSheet[] = [];
  const base = new win.CSSStyleSheet();
  base.replaceSync(BASE_CSS);
  sheets.push(base);
  for (const style of Array.from(doc.querySelectorAll('style'))) {
    const sheet = new win.CSSStyleSheet();
    try {
      sheet.replaceSync(style.textContent);
      sheets.push(sheet);
    } catch {
      // Invalid CSS in a mail is ignored, as a browser would.
    }
  }
  doc.adoptedStyleSheets = sheets;
  for (const element of Array.from(doc.querySelectorAll<HTMLElement>('[style]'))) {
    element.style.cssText = element.getAttribute('style') ?? '';
  }
}
