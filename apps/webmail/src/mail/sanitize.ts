// Makes an HTML mail safe to show: DOMPurify with a mail profile (no scripts, forms, SVG,
// frames, meta or base), CSS without url()/@import/escapes, links opened outside the app,
// remote images blocked unless the reader allowed them for that sender.
import DOMPurify from 'dompurify';

export interface SanitizeOptions {
  allowRemoteImages: boolean;
  /** Maps a cid: reference (without the scheme) to a same-origin download URL. */
  resolveCid?: (cid: string) => string | null;
}

export interface SanitizedMail {
  html: string;
  /** Number of remote resources removed because remote images are blocked. */
  blockedRemote: number;
}

const FORBID_TAGS = [
  'script',
  'noscript',
  'template',
  'form',
  'input',
  'button',
  'select',
  'option',
  'textarea',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'meta',
  'link',
  'base',
  'svg',
  'math',
  'audio',
  'video',
  'source',
  'track',
  'portal',
  'dialog',
  'title',
  'head',
];
const FORBID_ATTR = [
  'srcset',
  'action',
  'formaction',
  'background',
  'ping',
  'poster',
  'xlink:href',
  'autofocus',
  'lowsrc',
  'dynsrc',
  'longdesc',
  'http-equiv',
  'target',
  'rel',
  'id',
  'name',
  'popover',
];
const ALLOWED_URI = /^(?:https?:|mailto:|tel:|cid:|#)/i;
const REMOTE = /^(?:https?:)?\/\//i;

/**
 * Cleans a CSS block or declaration list. Anything the filter cannot reason about
 * (backslash escapes, comments hiding tokens, legacy script hooks) drops the whole text.
 */
export function sanitizeCss(css: string, allowRemote: boolean): { css: string; blocked: number } {
  if (/\\|\/\*|expression\s*\(|behaviou?r\s*:|-moz-binding|javascript:|vbscript:/i.test(css)) {
    return { css: '', blocked: 0 };
  }
  let blocked = 0;
  let out = css.replace(/@import[^;]*;?/gi, () => {
    blocked++;
    return '';
  });
  const kept: string[] = [];
  out = out.replace(
    /(?:url|image-set|image|cross-fade|element)\s*\(\s*(['"]?)(.*?)\1\s*\)/gi,
    (whole, _q, raw: string) => {
      const target = raw.trim();
      const isUrl = whole.toLowerCase().startsWith('url');
      const safeRemote = REMOTE.test(target) && allowRemote && /^https:/i.test(target);
      if (
        isUrl &&
        !/["'()\s]/.test(target) &&
        (safeRemote || /^data:image\/(?:png|gif|jpe?g|webp);/i.test(target))
      ) {
        kept.push(`url("${target}")`);
        return `\u0000${String(kept.length - 1)}\u0000`;
      }
      blocked++;
      return 'none';
    },
  );
  // A url( left over means the regex could not parse it: refuse the block.
  if (/url\s*\(|@import/i.test(out)) return { css: '', blocked: blocked + 1 };
  out = out.replace(/\u0000(\d+)\u0000/g, (_w, i: string) => kept[Number(i)] ?? 'none');
  return { css: out, blocked };
}

function makePurifier(options: SanitizeOptions, counter: { blocked: number }): typeof DOMPurify {
  const purifier = DOMPurify(window);
  purifier.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style' && node.textContent) {
      const result = sanitizeCss(node.textContent, options.allowRemoteImages);
      counter.blocked += result.blocked;
      node.textContent = result.css;
    }
  });
  purifier.addHook('afterSanitizeAttributes', (node) => {
    const element = node;
    if (element.hasAttribute('style')) {
      const result = sanitizeCss(element.getAttribute('style') ?? '', options.allowRemoteImages);
      counter.blocked += result.blocked;
      if (result.css) element.setAttribute('style', result.css);
      else element.removeAttribute('style');
    }
    if (element.tagName === 'A' && element.hasAttribute('href')) {
      element.setAttribute('target', '_blank');
      element.setAttribute('rel', 'noopener noreferrer');
    }
    if (element.tagName === 'IMG') rewriteImage(element, options, counter);
  });
  return purifier;
}

function rewriteImage(img: Element, options: SanitizeOptions, counter: { blocked: number }): void {
  const src = img.getAttribute('src')?.trim() ?? '';
  if (/^cid:/i.test(src)) {
    const resolved = options.resolveCid?.(decodeURIComponent(src.slice(4)).replace(/^<|>$/g, ''));
    if (resolved) img.setAttribute('src', resolved);
    else img.removeAttribute('src');
    return;
  }
  if (/^data:/i.test(src) && !/^data:image\/(?:png|gif|jpe?g|webp);/i.test(src)) {
    img.removeAttribute('src');
    return;
  }
  if (REMOTE.test(src) && !(options.allowRemoteImages && /^https:/i.test(src))) {
    counter.blocked++;
    img.removeAttribute('src');
    img.setAttribute('data-chasqui-blocked', '');
  }
}

/** Sanitises an HTML mail body for the reading frame. */
export function sanitizeMailHtml(html: string, options: SanitizeOptions): SanitizedMail {
  const counter = { blocked: 0 };
  const purifier = makePurifier(options, counter);
  const clean = purifier.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS,
    FORBID_ATTR,
    ALLOWED_URI_REGEXP: ALLOWED_URI,
    ALLOW_DATA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    FORCE_BODY: true,
    WHOLE_DOCUMENT: false,
    ADD_TAGS: ['style'],
  });
  return { html: clean, blockedRemote: counter.blocked };
}

/** Escapes text and turns http(s) URLs into links: the plain-text fallback. */
export function textToHtml(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`);
  const linked = escaped.replace(
    /\bhttps?:\/\/[^\s<>&"]+/g,
    (url) => `<a href="${url}" target="_blank" rel="noopener noreferrer">${url}</a>`,
  );
  return `<div class="chasqui-plain">${linked}</div>`;
}

/**
 * The document placed in the sandboxed frame. Its own CSP forbids every script and every
 * request except images the sanitiser kept (same origin, data:, and https: once allowed).
 */
export function frameDocument(
  bodyHtml: string,
  options: { allowRemoteImages: boolean; origin: string },
): string {
  const img = ['data:', 'blob:', options.origin, options.allowRemoteImages ? 'https:' : '']
    .filter(Boolean)
    .join(' ');
  const csp = `default-src 'none'; img-src ${img}; style-src 'unsafe-inline'; font-src data:; form-action 'none'; base-uri 'none'`;
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><meta name="referrer" content="no-referrer"></head><body>${bodyHtml}</body></html>`;
}
