// Runs a protocol transcript (STYLE.md §9): "C: " lines are sent, "S: " lines are expected in
// order. In S lines a "*" that is not the first character matches any text ("\*" is a literal
// star); $PASSWORD and $PLAIN (AUTH PLAIN of ana's credentials) are replaced before sending,
// $UIDV (the INBOX's UIDVALIDITY) before matching. "# harness: {json}" sets harness options;
// other "#" lines are comments. Each transcript gets its own server with one user and the two
// messages of RFC 1939 §10's example: 120 and 200 octets.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { password, RawClient, startPop3, type HarnessOptions } from './harness.js';

export const seedMessages = [
  'From: Bob <bob@example.test>\r\nTo: ana@example.test\r\nSubject: Hola\r\nMessage-ID: <t1@x>\r\n\r\n' +
    'Primer mensaje, de la prueba.\r\n',
  'From: Carla <carla@example.test>\r\nTo: ana@example.test\r\nSubject: Puntos\r\nMessage-ID: <t2@x>\r\n\r\n' +
    'Linea uno\r\n.linea con punto\r\n..dos puntos\r\n.\r\nRelleno para llegar a doscientos octetos justos, si.\r\nfin\r\n',
];

interface Step {
  readonly send: string | null;
  readonly expect: string[];
}

function parseTranscript(text: string): { steps: Step[]; options: HarnessOptions } {
  const steps: Step[] = [{ send: null, expect: [] }];
  let options: HarnessOptions = {};
  for (const line of text.split('\n')) {
    if (line.startsWith('C: ')) steps.push({ send: line.slice(3), expect: [] });
    else if (line.startsWith('S: ')) steps.at(-1)?.expect.push(line.slice(3));
    else if (line.startsWith('# harness: ')) options = JSON.parse(line.slice(11)) as HarnessOptions;
  }
  return { steps, options };
}

function patternOf(expected: string): RegExp {
  let source = '';
  for (let i = 0; i < expected.length; i++) {
    const char = expected.charAt(i);
    if (char === '\\' && expected.charAt(i + 1) === '*') {
      source += '\\*';
      i++;
    } else if (char === '*' && i > 0) source += '.*';
    else source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

/** Runs the transcript file at `path` against a fresh server. */
export async function runTranscript(path: string): Promise<void> {
  const { steps, options } = parseTranscript(readFileSync(path, 'utf8'));
  const h = await startPop3(options);
  const client = await RawClient.open(h.ports.pop3);
  try {
    const accountId = await h.addUser('ana@example.test');
    for (const raw of seedMessages) await h.deliver(accountId, raw);
    const { uidValidity } = await h.inboxOf(accountId);
    const plain = Buffer.from(`\0ana@example.test\0${password}`).toString('base64');
    for (const step of steps) {
      const send = step.send?.replaceAll('$PASSWORD', password).replaceAll('$PLAIN', plain) ?? null;
      if (send !== null) client.write(`${send}\r\n`);
      const received = await client.lines(step.expect.length).catch((error: unknown) => {
        throw new Error(`after "C: ${step.send ?? ''}": ${String(error)}`);
      });
      step.expect.forEach((expected, index) => {
        const actual = received[index] ?? '';
        assert.match(
          actual,
          patternOf(expected.replaceAll('$UIDV', String(uidValidity))),
          `after "C: ${step.send ?? ''}": expected "${expected}", got "${actual}"`,
        );
      });
    }
  } finally {
    client.close();
    await h.stop();
  }
}
