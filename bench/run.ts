// `npm run bench <name>`: runs bench/<name>.ts. Benchmarks print Markdown tables; they are
// measurements, never pass/fail tests.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const name = process.argv[2] ?? '';
const script = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
if (!/^[a-z-]+$/.test(name) || name === 'run' || !existsSync(script)) {
  console.error(`usage: npm run bench <name>   (e.g. npm run bench store)`);
  process.exit(2);
}
await import(script);
