import { describe, expect, it } from 'vitest';
import { frameDocument, parseSrcset, sanitizeCss, sanitizeMailHtml, textToHtml } from './sanitize.ts';

const PROXY = '/jmap/proxy/image?url=';
const imageProxy = (url: string) => `${PROXY}${encodeURIComponent(url)}`;
const isProxied = (value: string) => value.startsWith(PROXY);
import { hostileCorpus } from './hostile-corpus.ts';

/** Every way the cleaned HTML could still run code or reach the network. */
function findLeaks(html: string, allowRemote: boolean): string[] {
  const leaks: string[] = [];
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html');
  for (const el of Array.from(doc.querySelectorAll('*'))) {
    const tag = el.tagName.toLowerCase();
    if (
      [
        'script',
        'iframe',
        'object',
        'embed',
        'form',
        'input',
        'button',
        'meta',
        'base',
        'link',
        'svg',
        'math',
        'video',
        'source',
      ].includes(tag)
    ) {
      leaks.push(`tag ${tag}`);
    }
    for (const attr of Array.from(el.attributes)) {
      const value = attr.value.trim();
      if (/^on/i.test(attr.name)) leaks.push(`handler ${attr.name}`);
      if (
        /^(?:javascript|vbscript|data):/i.test(value) &&
        !(tag === 'img' && /^data:image\/(?:png|gif|jpe?g|webp)/i.test(value))
      ) {
        leaks.push(`${attr.name}=${value.slice(0, 20)}`);
      }
      if (['background', 'ping', 'poster', 'action', 'formaction'].includes(attr.name)) leaks.push(attr.name);
      // With images allowed, every image URL must point at the same-origin proxy.
      if (attr.name === 'srcset' && !(allowRemote && parseSrcset(value).every((c) => isProxied(c.url))))
        leaks.push(`srcset ${value}`);
      if (attr.name === 'src' && /^(?:https?:)?\/\//i.test(value)) leaks.push(`remote src ${value}`);
    }
  }
  if (/@import|url\s*\(\s*['"]?(?:https?:)?\/\//i.test(html)) leaks.push('css remote');
  if (/evil\.example/i.test(html.replace(/>[^<]*</g, '><'))) leaks.push('evil host in markup');
  return leaks;
}

describe('sanitizeMailHtml with the hostile corpus', () => {
  for (const [attack, html] of Object.entries(hostileCorpus)) {
    it(`${attack}: nothing executes or leaks`, () => {
      const result = sanitizeMailHtml(html, { allowRemoteImages: false });
      expect(findLeaks(result.html, false)).toEqual([]);
    });
    it(`${attack}: still safe when remote images are allowed`, () => {
      const result = sanitizeMailHtml(html, { allowRemoteImages: true, imageProxy });
      const leaks = findLeaks(result.html, true).filter(
        (l) => l !== 'evil host in markup' && l !== 'css remote',
      );
      expect(leaks).toEqual([]);
      // The hostile host may only appear encoded inside a proxy URL.
      expect(result.html).not.toMatch(/(?:https?:)?\/\/evil\.example/);
    });
  }
});

describe('remote images', () => {
  const html =
    '<img src="https://cdn.example/a.png"><div style="background:url(https://cdn.example/b.png)">x</div>';

  it('blocks and counts them by default', () => {
    const blocked = sanitizeMailHtml(html, { allowRemoteImages: false, imageProxy });
    expect(blocked.blockedRemote).toBe(2);
    expect(blocked.html).not.toContain('cdn.example');
  });

  it('rewrites <img src> through the proxy once allowed; CSS url() stays blocked', () => {
    const allowed = sanitizeMailHtml(html, { allowRemoteImages: true, imageProxy });
    const doc = new DOMParser().parseFromString(allowed.html, 'text/html');
    expect(doc.querySelector('img')?.getAttribute('src')).toBe(
      '/jmap/proxy/image?url=https%3A%2F%2Fcdn.example%2Fa.png',
    );
    expect(allowed.html).not.toContain('url(');
    expect(allowed.blockedRemote).toBe(1);
  });

  it('rewrites http:, protocol-relative and every srcset candidate', () => {
    const result = sanitizeMailHtml(
      '<img src="http://a.example/x.gif"><img src="//b.example/y.png" srcset="https://c.example/1.png 1x,https://c.example/a,b.png 2x">',
      { allowRemoteImages: true, imageProxy },
    );
    const [first, second] = Array.from(
      new DOMParser().parseFromString(result.html, 'text/html').querySelectorAll('img'),
    );
    expect(first?.getAttribute('src')).toBe(imageProxy('http://a.example/x.gif'));
    expect(second?.getAttribute('src')).toBe(imageProxy('https://b.example/y.png'));
    expect(parseSrcset(second?.getAttribute('srcset') ?? '')).toEqual([
      { url: imageProxy('https://c.example/1.png'), descriptors: ['1x'] },
      { url: imageProxy('https://c.example/a,b.png'), descriptors: ['2x'] },
    ]);
  });

  it('never loads remote images directly: allowed without a proxy still blocks', () => {
    const result = sanitizeMailHtml(
      '<img src="https://cdn.example/a.png" srcset="https://cdn.example/b.png 2x">',
      {
        allowRemoteImages: true,
      },
    );
    expect(result.html).not.toContain('cdn.example');
    expect(result.blockedRemote).toBe(2);
  });

  it('drops a srcset with a candidate it cannot vouch for', () => {
    const result = sanitizeMailHtml('<img srcset="https://a.example/1.png 1x, javascript:alert(1) 2x">', {
      allowRemoteImages: true,
      imageProxy,
    });
    expect(result.html).not.toContain('srcset');
  });

  it('resolves cid: images to download URLs', () => {
    const html = '<img src="cid:logo@x">';
    const result = sanitizeMailHtml(html, {
      allowRemoteImages: false,
      resolveCid: (cid) => `/jmap/download/a/${cid}/logo`,
    });
    expect(result.html).toContain('/jmap/download/a/logo@x/logo');
  });

  it('keeps ordinary formatting', () => {
    const result = sanitizeMailHtml(
      '<p style="color: red"><b>Hola</b> <a href="https://gob.pe">gob</a></p>',
      { allowRemoteImages: false },
    );
    expect(result.html).toContain('color: red');
    expect(result.html).toContain('target="_blank"');
    expect(result.html).toContain('rel="noopener noreferrer"');
  });
});

describe('sanitizeCss', () => {
  it('refuses escapes and comments that could hide url()', () => {
    expect(sanitizeCss('background:\\75rl(http://x)').css).toBe('');
    expect(sanitizeCss('background:u/**/rl(http://x)').css).toBe('');
  });
  it('removes @import and remote url()', () => {
    expect(sanitizeCss('@import "http://x/a.css"; p{color:red}').css).toBe(' p{color:red}');
    expect(sanitizeCss('p{background:URL( "https://x/a" )}').css).toBe('p{background:none}');
  });
});

describe('plain text and frame', () => {
  it('escapes text and links URLs', () => {
    const html = textToHtml('<script>x</script> https://gob.pe/a?b=1');
    expect(html).not.toContain('<script>');
    expect(html).toContain('href="https://gob.pe/a?b=1"');
  });
  it('frame document forbids scripts and every remote host', () => {
    const doc = frameDocument('<p>x</p>', { origin: 'https://mail.gob.pe' });
    expect(doc).toContain("default-src 'none'");
    expect(doc).toContain('img-src data: blob: https://mail.gob.pe;');
    expect(doc).not.toContain('script-src');
    expect(doc).not.toContain('https:;');
  });
});
