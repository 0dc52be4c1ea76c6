// Makes an HTML mail safe to show: DOMPurify with a mail profile (no scripts, forms, SVG,
// frames, meta or base), CSS without url()/@import/escapes, links opened outside the app,
// remote images blocked unless the reader allowed them, and then loaded only through the
// server's same-origin image proxy (never straight from the sender's host).
import DOMPurify from 'dompurify';

export interface SanitizeOptions {
  /** Show http(s) images, rewritten through `imageProxy`; without a proxy they stay blocked. */
  allowRemoteImages: boolean;
  /** Maps a remote image URL to the same-origin proxy URL (session capability template). */
  imageProxy?: (url: string) => string;
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
const ALLOWED_URI = /^(?:https?:|mailto:|tel:|cid:|#|\/\/)/i;
const REMOTE = /^(?:https?:)?\/\//i;

/**
 * Cleans a CSS block or declaration list. Anything the filter cannot reason about
 * (backslash escapes, comments hiding tokens, legacy script hooks) drops the whole text.
 */
export function sanitizeCss(css: string): { css: string; blocked: number } {
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
      // Remote CSS images stay blocked even when images are allowed: only <img> goes through
      // the proxy, so a stylesheet can never make the reader's browser call out.
      if (isUrl && !/["'()\s]/.test(target) && /^data:image\/(?:png|gif|jpe?g|webp);/i.test(target)) {
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
      const result = sanitizeCss(node.textContent);
      counter.blocked += result.blocked;
      node.textContent = result.css;
    }
  });
  purifier.addHook('afterSanitizeAttributes', (node) => {
    const element = node;
    if (element.hasAttribute('style')) {
      const result = sanitizeCss(element.getAttribute('style') ?? '');
      counter.blocked += result.blocked;
      if (result.css) element.setAttribute('style', result.css);
      else element.removeAttribute('style');
    }
    if (element.tagName === 'A' && element.hasAttribute('href')) {
      element.setAttribute('target', '_blank');
      element.setAttribute('rel', 'noopener noreferrer');
    }
    if (element.tagName === 'IMG') rewriteImage(element, options, counter);
    else if (element.hasAttribute('srcset')) element.removeAttribute('srcset');
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
  const proxy = options.allowRemoteImages ? options.imageProxy : undefined;
  if (REMOTE.test(src)) {
    if (proxy) img.setAttribute('src', proxy(absoluteUrl(src)));
    else {
      counter.blocked++;
      img.removeAttribute('src');
      img.setAttribute('data-chasqui-blocked', '');
    }
  }
  if (img.hasAttribute('srcset')) rewriteSrcset(img, proxy, counter);
}

/** "//host/a.png" is fetched over https by the proxy. */
function absoluteUrl(url: string): string {
  return url.startsWith('//') ? `https:${url}` : url;
}

/**
 * Splits a srcset into candidates the way HTML §4.8.4.3.11 does: a URL runs to whitespace (a
 * trailing comma ends it), then descriptors run to the next comma.
 */
export function parseSrcset(value: string): { url: string; descriptors: string[] }[] {
  const candidates: { url: string; descriptors: string[] }[] = [];
  let i = 0;
  while (i < value.length) {
    while (i < value.length && /[\s,]/.test(value.charAt(i))) i++;
    if (i >= value.length) break;
    let end = i;
    while (end < value.length && !/\s/.test(value.charAt(end))) end++;
    let url = value.slice(i, end);
    let descriptors = '';
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '');
      i = end;
    } else {
      const comma = value.indexOf(',', end);
      const stop = comma < 0 ? value.length : comma;
      descriptors = value.slice(end, stop);
      i = stop + 1;
    }
    candidates.push({ url, descriptors: descriptors.trim().split(/\s+/).filter(Boolean) });
  }
  return candidates;
}

/**
 * Rewrites each srcset candidate through the proxy. Without one, or when any candidate is not a
 * plain remote URL with width/density descriptors, the whole attribute goes.
 */
function rewriteSrcset(
  img: Element,
  proxy: ((url: string) => string) | undefined,
  counter: { blocked: number },
): void {
  const candidates = parseSrcset(img.getAttribute('srcset') ?? '');
  const kept: string[] = [];
  for (const { url, descriptors } of candidates) {
    const plain = descriptors.every((d) => /^\d+(?:\.\d+)?[wx]$/.test(d));
    if (proxy && REMOTE.test(url) && plain) kept.push([proxy(absoluteUrl(url)), ...descriptors].join(' '));
    else if (REMOTE.test(url)) counter.blocked++;
  }
  if (kept.length > 0 && kept.length === candidates.length) img.setAttribute('srcset', kept.join(', '));
  else img.removeAttribute('srcset');
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
 * request except images the sanitiser kept: same origin (attachments and the image proxy),
 * data: and blob:. Remote hosts are never allowed, not even once images are shown.
 */
export function frameDocument(bodyHtml: string, options: { origin: string }): string {
  const img = ['data:', 'blob:', options.origin].join(' ');
  const csp = `default-src 'none'; img-src ${img}; style-src 'unsafe-inline'; font-src data:; form-action 'none'; base-uri 'none'`;
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><meta name="referrer" content="no-referrer"></head><body>${bodyHtml}</body></html>`;
}
