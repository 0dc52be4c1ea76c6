import { describe, expect, it } from 'vitest';
import { frameDocument, sanitizeCss, sanitizeMailHtml, textToHtml } from './sanitize.ts';
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
      if (['srcset', 'background', 'ping', 'poster', 'action', 'formaction'].includes(attr.name))
        leaks.push(attr.name);
      if (!allowRemote && attr.name === 'src' && /^(?:https?:)?\/\//i.test(value))
        leaks.push(`remote src ${value}`);
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
      const result = sanitizeMailHtml(html, { allowRemoteImages: true });
      const leaks = findLeaks(result.html, true).filter(
        (l) => l !== 'evil host in markup' && l !== 'css remote',
      );
      expect(leaks).toEqual([]);
      // Only https: may be kept, never plain http: to the hostile host.
      expect(result.html).not.toMatch(/http:\/\/evil\.example/);
    });
  }
});

describe('remote images', () => {
  it('blocks and counts them by default, keeps https when allowed', () => {
    const html =
      '<img src="https://cdn.example/a.png"><div style="background:url(https://cdn.example/b.png)">x</div>';
    const blocked = sanitizeMailHtml(html, { allowRemoteImages: false });
    expect(blocked.blockedRemote).toBe(2);
    expect(blocked.html).not.toContain('cdn.example');
    const allowed = sanitizeMailHtml(html, { allowRemoteImages: true });
    expect(allowed.blockedRemote).toBe(0);
    expect(allowed.html).toContain('https://cdn.example/a.png');
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
    expect(sanitizeCss('background:\\75rl(http://x)', false).css).toBe('');
    expect(sanitizeCss('background:u/**/rl(http://x)', false).css).toBe('');
  });
  it('removes @import and remote url()', () => {
    expect(sanitizeCss('@import "http://x/a.css"; p{color:red}', false).css).toBe(' p{color:red}');
    expect(sanitizeCss('p{background:URL( "http://x/a" )}', false).css).toBe('p{background:none}');
  });
});

describe('plain text and frame', () => {
  it('escapes text and links URLs', () => {
    const html = textToHtml('<script>x</script> https://gob.pe/a?b=1');
    expect(html).not.toContain('<script>');
    expect(html).toContain('href="https://gob.pe/a?b=1"');
  });
  it('frame document forbids scripts and remote loads by default', () => {
    const doc = frameDocument('<p>x</p>', { allowRemoteImages: false, origin: 'https://mail.gob.pe' });
    expect(doc).toContain("default-src 'none'");
    expect(doc).not.toContain('script-src');
    expect(doc).not.toContain('https:;');
  });
});
