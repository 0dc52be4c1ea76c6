// Signatures: the identity's own (JMAP Identity text/htmlSignature) plus the named ones of the
// account's Preferences, one of them (or none) the default per identity.
import type { Identity } from '../jmap/types.ts';
import type { MailController } from '../mail/controller.ts';
import { sanitizeMailHtml } from '../mail/sanitize.ts';

export interface SignatureOption {
  id: string;
  name: string;
  text: string;
  html: string | null;
}

/** The option id of the identity's own signature (JMAP Identity text/htmlSignature). */
export const IDENTITY_SIGNATURE = 'identity';

export function signatureOptions(
  controller: MailController,
  identity: Identity | undefined,
): SignatureOption[] {
  const options: SignatureOption[] = [];
  if (identity && (identity.textSignature || identity.htmlSignature)) {
    options.push({
      id: IDENTITY_SIGNATURE,
      name: identity.name || identity.email,
      text: identity.textSignature,
      html: identity.htmlSignature || null,
    });
  }
  for (const s of controller.prefs.signatures()) options.push(s);
  return options;
}

/** The select value for "no signature". */
export const NO_SIGNATURE = 'none';

/**
 * The signature compose preselects: the one chosen in settings for this identity (null there
 * means none), else the identity's own signature when it has one.
 */
export function defaultSignatureId(controller: MailController, identityId: string): string {
  const chosen = controller.prefs.defaultSignature(identityId);
  if (chosen === null) return NO_SIGNATURE;
  const identity = controller.identities.find((i) => i.id === identityId);
  const options = signatureOptions(controller, identity);
  if (chosen !== undefined && options.some((o) => o.id === chosen)) return chosen;
  return options.some((o) => o.id === IDENTITY_SIGNATURE) ? IDENTITY_SIGNATURE : NO_SIGNATURE;
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
