// Every transcript in test/transcripts, each against its own server.
import { describe, it } from 'node:test';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runTranscript } from './transcript-runner.js';

const dir = join(import.meta.dirname, 'transcripts');

describe('POP3 transcripts', () => {
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.txt'))
    .sort()) {
    it(file, () => runTranscript(join(dir, file)));
  }
});
