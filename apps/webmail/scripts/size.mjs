// Prints raw and gzipped sizes of the built chunks and checks the mail-view budget:
// everything index.html loads eagerly must stay ≤ 250 KB gzipped.
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;
const BUDGET = 250 * 1024;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const eager = new Set([...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
let eagerTotal = 0;
const rows = readdirSync(join(dist, 'assets'))
  .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
  .map((f) => {
    const data = readFileSync(join(dist, 'assets', f));
    const gz = gzipSync(data, { level: 9 }).length;
    const isEager = eager.has(`assets/${f}`) || f.endsWith('.css');
    if (isEager && f.endsWith('.js')) eagerTotal += gz;
    return { f, raw: data.length, gz, isEager };
  })
  .sort((a, b) => b.gz - a.gz);
for (const r of rows)
  console.log(
    `${r.isEager ? 'mail view' : 'lazy     '}  ${r.f.padEnd(36)} ${kb(r.raw).padStart(10)}  gzip ${kb(r.gz).padStart(9)}`,
  );
console.log(`\nmail-view JavaScript: ${kb(eagerTotal)} gzipped (budget ${kb(BUDGET)})`);
if (eagerTotal > BUDGET) {
  console.error('over budget');
  process.exit(1);
}
