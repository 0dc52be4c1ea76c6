// Signatures: the identity's own (JMAP Identity text/htmlSignature) plus named ones kept per
// account, one of them the default per identity.
import type { Identity } from '../jmap/types.ts';
import type { MailController } from '../mail/controller.ts';
import { sanitizeMailHtml } from '../mail/sanitize.ts';

export interface SignatureOption {
  id: string;
  name: string;
  text: string;
  html: string | null;
}

export function signatureOptions(
  controller: MailController,
  identity: Identity | undefined,
): SignatureOption[] {
  const options: SignatureOption[] = [];
  if (identity && (identity.textSignature || identity.htmlSignature)) {
    options.push({
      id: 'identity',
      name: identity.name || identity.email,
      text: identity.textSignature,
      html: identity.htmlSignature || null,
    });
  }
  for (const s of controller.prefs.signatures())
    options.push({ id: s.id, name: s.name, text: s.text, html: null });
  return options;
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${String(c.charCodeAt(0))};`);

/** Appends the signature after the conventional "-- " separator (RFC 3676 §4.3). */
export function withSignature(
  html: string | null,
  text: string,
  signature: SignatureOption | undefined,
): { html: string | null; text: string } {
  if (!signature) return { html, text };
  const sigText =
    signature.text ||
    (signature.html ? new DOMParser().parseFromString(signature.html, 'text/html').body.textContent : '');
  const sigHtml = signature.html
    ? sanitizeMailHtml(signature.html, { allowRemoteImages: false }).html
    : escape(sigText).replace(/\n/g, '<br>');
  return {
    text: `${text}\n\n-- \n${sigText}`,
    html: html === null ? null : `${html}<div class="signature">-- <br>${sigHtml}</div>`,
  };
}
