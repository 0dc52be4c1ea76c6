// Builds the webmail once before `npm start` when apps/webmail/dist is missing, so that
// `npm install && npm start` serves it at / with nothing else to run.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

if (!existsSync(new URL('../apps/webmail/dist/index.html', import.meta.url))) {
  console.log('Building the webmail (first start)…');
  const result = spawnSync('npm', ['run', 'build', '-w', '@chasqui/webmail'], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('The webmail could not be built; the server starts without it.');
  }
}
