// Golden FETCH output for real-world-shaped messages (test/golden/name.eml → name.expected.txt):
// ENVELOPE, BODYSTRUCTURE, BODY and every part's MIME header and decoded content. Expected files
// change only with CHASQUI_UPDATE_GOLDEN=1, and the diff is reviewed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  basicBodyOf,
  decodeCharset,
  decodeSummary,
  encodeSummary,
  parseMimeTree,
  summarizeTree,
  type MimeEntity,
} from '@chasqui/mail';
import { encodeValue } from '@chasqui/imap';
import { binarySectionBytes, bodySectionBytes } from '../src/fetch/body-section.js';

const dir = join(import.meta.dirname, 'golden');
const update = process.env['CHASQUI_UPDATE_GOLDEN'] === '1';

function encoded(value: Parameters<typeof encodeValue>[0]): string {
  return Buffer.concat(encodeValue(value, { utf8: true })).toString('utf8');
}

/** Part paths of every leaf, as IMAP numbers them. */
function leafPaths(entity: MimeEntity, prefix: number[] = []): number[][] {
  if (entity.type === 'multipart')
    return entity.parts.flatMap((part, i) => leafPaths(part, [...prefix, i + 1]));
  if (entity.message !== null && prefix.length > 0) {
    const inner = entity.message;
    return [prefix, ...(inner.type === 'multipart' ? leafPaths(inner, prefix) : [])];
  }
  return [prefix.length === 0 ? [1] : prefix];
}

function charsetOf(entity: MimeEntity | null): string | null {
  return entity?.params.find(([name]) => name === 'charset')?.[1] ?? null;
}

function describeMessage(raw: Buffer): string {
  const root = parseMimeTree(raw);
  // Through the stored form, as FETCH reads it.
  const summary = decodeSummary(encodeSummary(summarizeTree(raw, root)));
  assert.ok(summary !== null);
  assert.equal(summary.headerSize, root.bodyStart);
  const lines = [
    `ENVELOPE ${encoded(summary.envelope)}`,
    `BODYSTRUCTURE ${encoded(summary.bodyStructure)}`,
    `BODY ${encoded(basicBodyOf(summary.bodyStructure))}`,
  ];
  for (const path of leafPaths(root)) {
    const name = path.join('.');
    const mime = bodySectionBytes(raw, root, {
      name: 'BODY',
      part: path,
      text: 'MIME',
      fields: [],
      partial: null,
    });
    lines.push(`BODY[${name}.MIME] ${JSON.stringify(mime?.toString('latin1'))}`);
    const binary = binarySectionBytes(raw, root, path);
    const entity = root.type === 'multipart' || path.length > 1 ? findEntity(root, path) : root;
    const text = binary.ok
      ? JSON.stringify(decodeCharset(binary.data, charsetOf(entity)))
      : `NO ${binary.reason}`;
    lines.push(`BINARY[${name}] ${text}`);
  }
  return lines.join('\n') + '\n';
}

function findEntity(root: MimeEntity, path: readonly number[]): MimeEntity | null {
  let current: MimeEntity | undefined = root;
  for (const [index, number] of path.entries()) {
    if (index > 0 && current?.message) current = current.message;
    current = current?.type === 'multipart' ? current.parts[number - 1] : current;
  }
  return current ?? null;
}

describe('FETCH golden files', () => {
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.eml'))) {
    it(file, () => {
      const raw = readFileSync(join(dir, file));
      const actual = describeMessage(raw);
      const expectedPath = join(dir, file.replace(/\.eml$/, '.expected.txt'));
      if (update) writeFileSync(expectedPath, actual);
      assert.equal(actual, readFileSync(expectedPath, 'utf8'));
    });
  }
});
