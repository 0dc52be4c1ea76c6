// Runs a protocol transcript (STYLE.md §9): "C: " lines are sent, "S: " lines are expected in
// order. In S lines, a "*" that is neither the first character nor escaped ("\*") matches any
// text. "#" lines are comments. Each transcript gets its own server with one user and two
// messages in INBOX, or instead the messages of its "D: <mailbox> <raw>" lines ("\n" in the raw
// text is a line break), delivered in order before the dialogue starts. "U: <address>" adds a
// user; "G: <owner> <mailbox> <identifier> <rights>" creates the owner's mailbox if missing and
// grants the rights (RFC 4314) after the deliveries.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startImap, password, RawClient, type ImapHarness } from './harness.js';

export const seedMessages = [
  'From: Bob <bob@example.test>\r\nTo: ana@example.test\r\nSubject: Hola\r\nMessage-ID: <t1@x>\r\n\r\nPrimer mensaje\r\n',
  'From: Carla <carla@example.test>\r\nSubject: =?UTF-8?Q?Informaci=C3=B3n?=\r\nMessage-ID: <t2@x>\r\n\r\nSegundo mensaje con información\r\n',
];

interface Step {
  readonly send: string | null;
  readonly expect: string[];
}

interface Delivery {
  readonly mailbox: string;
  readonly raw: string;
}

function parseDeliveries(text: string): Delivery[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('D: '))
    .map((line) => {
      const [mailbox = 'INBOX', ...rest] = line.slice(3).split(' ');
      return { mailbox, raw: rest.join(' ').replaceAll('\\n', '\r\n') };
    });
}

interface Grant {
  readonly owner: string;
  readonly mailbox: string;
  readonly identifier: string;
  readonly rights: string;
}

function linesOf(text: string, prefix: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.slice(prefix.length).trim().split(' '));
}

function parseGrants(text: string): Grant[] {
  return linesOf(text, 'G: ').map(([owner = '', mailbox = '', identifier = '', rights = '']) => ({
    owner,
    mailbox,
    identifier,
    rights,
  }));
}

/** Extra users, shared mailboxes and deliveries of a transcript, in that order, then grants. */
async function prepare(h: ImapHarness, text: string): Promise<void> {
  const ids = new Map([['ana@example.test', await h.addUser('ana@example.test')]]);
  for (const [address = ''] of linesOf(text, 'U: ')) ids.set(address, await h.addUser(address));
  const grants = parseGrants(text);
  for (const grant of grants) {
    const ownerId = ids.get(grant.owner) ?? 0;
    if (!(await h.mail.mailboxes.get(ownerId, grant.mailbox)))
      await h.mail.mailboxes.create(ownerId, grant.mailbox);
  }
  const deliveries = parseDeliveries(text);
  const anaId = ids.get('ana@example.test') ?? 0;
  if (deliveries.length === 0) for (const raw of seedMessages) await h.deliver(anaId, raw);
  for (const { mailbox, raw } of deliveries) await h.deliver(anaId, raw, mailbox);
  for (const grant of grants) {
    const ownerId = ids.get(grant.owner) ?? 0;
    const mailbox = await h.mail.mailboxes.require(ownerId, grant.mailbox);
    await h.mail.acl.set(ownerId, mailbox.id, grant.identifier, grant.rights);
  }
}

function parseTranscript(text: string): Step[] {
  const steps: Step[] = [{ send: null, expect: [] }];
  for (const line of text.split('\n')) {
    if (line.startsWith('C: ')) steps.push({ send: line.slice(3), expect: [] });
    else if (line.startsWith('S: ')) steps.at(-1)?.expect.push(line.slice(3));
  }
  return steps;
}

function patternOf(expected: string): RegExp {
  let source = '';
  for (let i = 0; i < expected.length; i++) {
    const char = expected.charAt(i);
    if (char === '\\' && expected.charAt(i + 1) === '*') {
      source += '\\\\\\*';
      i++;
    } else if (char === '*' && i > 0) source += '.*';
    else source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

async function readLines(client: RawClient, count: number, pending: string[]): Promise<string[]> {
  while (pending.length < count) {
    const text = await client.readUntil(/\r\n/);
    const parts = text.split('\r\n');
    const tail = parts.pop() ?? '';
    pending.push(...parts);
    if (tail !== '') client.unread(tail);
  }
  return pending.splice(0, count);
}

/** Runs the transcript file at `path` against a fresh server. */
export async function runTranscript(path: string): Promise<void> {
  const h = await startImap();
  const client = await RawClient.open(h.ports.imap);
  try {
    const text = readFileSync(path, 'utf8').replaceAll('$PASSWORD', password);
    await prepare(h, text);
    const pending: string[] = [];
    for (const step of parseTranscript(text)) {
      if (step.send !== null) client.write(`${step.send}\r\n`);
      const received = await readLines(client, step.expect.length, pending).catch((error: unknown) => {
        throw new Error(`after "C: ${step.send ?? ''}": ${String(error)}`);
      });
      step.expect.forEach((expected, index) => {
        const actual = received[index] ?? '';
        assert.match(
          actual,
          patternOf(expected),
          `after "C: ${step.send ?? ''}": expected "${expected}", got "${actual}"`,
        );
      });
    }
  } finally {
    client.close();
    await h.stop();
  }
}
