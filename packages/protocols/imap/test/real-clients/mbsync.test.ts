// isync's mbsync as a real client: Far = Chasqui over IMAPS (the self-signed certificate pinned
// with CertificateFile), Near = a Maildir in a temp dir. Two-way sync, a second run that finds
// nothing to do, flag changes and deletions on either side, and a folder created on the near
// side. mbsync runs with -Ds so that its journal ("-> log: … (pulled message)") says what it did.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { SystemFlag } from '@chasqui/core';
import { makeTempDir, missingTool, runTool } from '@chasqui/testkit';
import { password, startImap, type ImapHarness } from '../harness.js';

const skip = missingTool('mbsync');

/** What one mbsync run did, counted from its journal comments. */
interface SyncReport {
  readonly code: number | null;
  readonly output: string;
  readonly pulled: number;
  readonly pushed: number;
  readonly pulledFlags: number;
  readonly pushedFlags: number;
  readonly expunged: number;
}

function count(journal: readonly string[], comment: RegExp): number {
  return journal.filter((line) => comment.test(line)).length;
}

async function runMbsync(configFile: string): Promise<SyncReport> {
  const { code, stdout, stderr } = await runTool('mbsync', ['-Ds', '-c', configFile, '-a']);
  const output = stdout + stderr;
  const journal = output.split('\n').filter((line) => line.startsWith('-> log: '));
  return {
    code,
    output,
    pulled: count(journal, /\(pulled message\)$/),
    pushed: count(journal, /\(pushed message\)$/),
    pulledFlags: count(journal, /\(pulled flags/),
    pushedFlags: count(journal, /\(pushed flags/),
    expunged: count(journal, /expunged/),
  };
}

function configText(h: ImapHarness, maildir: string): string {
  return [
    'IMAPAccount chasqui',
    'Host 127.0.0.1',
    `Port ${h.ports.imaps}`,
    'User ana@example.test',
    `Pass "${password}"`,
    'SSLType IMAPS',
    `CertificateFile ${h.certFile}`,
    '',
    'IMAPStore far',
    'Account chasqui',
    '',
    'MaildirStore near',
    `Path ${maildir}/`,
    `Inbox ${maildir}/INBOX`,
    'SubFolders Verbatim',
    '',
    'Channel both',
    'Far :far:',
    'Near :near:',
    'Patterns INBOX Proyectos',
    'Create Both',
    'Expunge Both',
    'SyncState *',
    'Sync All',
    '',
  ].join('\n');
}

/** Maildir flag letters of each message file in a folder (name → flags after ":2,"). */
function maildirFiles(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const sub of ['cur', 'new']) {
    for (const name of readdirSync(join(folder, sub)))
      files.set(`${sub}/${name}`, name.split(':2,')[1] ?? '');
  }
  return files;
}

function makeMaildir(folder: string): void {
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(folder, sub), { recursive: true });
}

function reportOk(report: SyncReport): void {
  assert.equal(report.code, 0, report.output.slice(-4000));
}

describe('IMAP with mbsync (isync)', { skip }, () => {
  let h: ImapHarness;
  let accountId: number;
  let dir: { path: string; remove: () => void };
  let maildir: string;
  let configFile: string;

  beforeEach(async () => {
    h = await startImap({ allowPlaintextAuth: false });
    accountId = await h.addUser('ana@example.test');
    await h.deliver(accountId, 'From: bob@example.test\nSubject: Uno\nMessage-ID: <m1@x>\n\nUno\n');
    await h.deliver(accountId, 'From: carla@example.test\nSubject: Dos\nMessage-ID: <m2@x>\n\nDos\n');
    dir = makeTempDir('chasqui-mbsync-');
    maildir = join(dir.path, 'mail');
    makeMaildir(join(maildir, 'INBOX'));
    writeFileSync(
      join(maildir, 'INBOX', 'cur', '1700000000.1_1.near:2,S'),
      'From: ana@example.test\r\nSubject: Escrito sin red\r\nMessage-ID: <l1@x>\r\n\r\nLocal\r\n',
    );
    configFile = join(dir.path, 'mbsyncrc');
    writeFileSync(configFile, configText(h, maildir));
  });
  afterEach(async () => {
    await h.stop();
    dir.remove();
  });

  async function serverInbox() {
    const inbox = await h.mail.mailboxes.require(accountId, 'INBOX');
    return h.mail.messages.list(accountId, inbox.id);
  }

  it('pulls and pushes on the first run, and finds nothing to do on the second', async () => {
    const first = await runMbsync(configFile);
    reportOk(first);
    assert.equal(first.pulled, 2);
    assert.equal(first.pushed, 1);
    const entries = await serverInbox();
    assert.deepEqual(
      entries.map((entry) => [entry.uid, entry.flags]),
      [
        [1, 0],
        [2, 0],
        [3, SystemFlag.seen],
      ],
    );
    const raw = await h.mail.messages.readRaw(accountId, entries[2]!.messageId);
    assert.match(raw.toString('utf8'), /Subject: Escrito sin red/);
    const nearAfterFirst = maildirFiles(join(maildir, 'INBOX'));
    assert.equal(nearAfterFirst.size, 3);

    const second = await runMbsync(configFile);
    reportOk(second);
    assert.deepEqual(
      [second.pulled, second.pushed, second.pulledFlags, second.pushedFlags, second.expunged],
      [0, 0, 0, 0, 0],
    );
    assert.deepEqual(maildirFiles(join(maildir, 'INBOX')), nearAfterFirst);
    assert.deepEqual(await serverInbox(), entries);
  });

  it('propagates flag changes and deletions made on either side', async () => {
    reportOk(await runMbsync(configFile));
    const inbox = join(maildir, 'INBOX');
    const entries = await serverInbox();
    // Far side: \Flagged on "Uno" (UID 1), and "Dos" (UID 2) expunged.
    await h.mail.messages.setFlags(accountId, [entries[0]!.messageId], {
      add: { flags: SystemFlag.flagged },
    });
    await h.mail.messages.expunge(accountId, (await h.mail.mailboxes.require(accountId, 'INBOX')).id, [2]);
    // Near side: the pushed local message (far UID 3) is answered, i.e. renamed with "R".
    const local = [...maildirFiles(inbox).keys()].find((name) => name.includes('1700000000.1_1'));
    assert.ok(local);
    renameSync(join(inbox, local), join(inbox, local.replace(/:2,S$/, ':2,RS')));

    const third = await runMbsync(configFile);
    reportOk(third);
    assert.equal(third.pulledFlags, 1);
    assert.equal(third.pushedFlags, 1);
    const after = await serverInbox();
    assert.deepEqual(
      after.map((entry) => [entry.uid, entry.flags]),
      [
        [1, SystemFlag.flagged],
        [3, SystemFlag.seen | SystemFlag.answered],
      ],
    );
    const near = [...maildirFiles(inbox).values()].sort();
    assert.deepEqual(near, ['F', 'RS']);

    // A message deleted on the near side is expunged on the far side.
    const flaggedFile = [...maildirFiles(inbox).entries()].find(([, flags]) => flags === 'F');
    assert.ok(flaggedFile);
    rmSync(join(inbox, flaggedFile[0]));
    const fourth = await runMbsync(configFile);
    reportOk(fourth);
    assert.deepEqual(
      (await serverInbox()).map((entry) => entry.uid),
      [3],
    );
    const fifth = await runMbsync(configFile);
    reportOk(fifth);
    assert.deepEqual([fifth.pulled, fifth.pushed, fifth.pulledFlags, fifth.pushedFlags], [0, 0, 0, 0]);
  });

  it('creates on the server a folder made on the near side, with its messages', async () => {
    makeMaildir(join(maildir, 'Proyectos'));
    writeFileSync(
      join(maildir, 'Proyectos', 'new', '1700000001.2_1.near'),
      'From: ana@example.test\r\nSubject: Plan\r\nMessage-ID: <p1@x>\r\n\r\nPlan 2026\r\n',
    );
    const first = await runMbsync(configFile);
    reportOk(first);
    const folder = await h.mail.mailboxes.require(accountId, 'Proyectos');
    const entries = await h.mail.messages.list(accountId, folder.id);
    assert.equal(entries.length, 1);
    const second = await runMbsync(configFile);
    reportOk(second);
    assert.deepEqual([second.pulled, second.pushed], [0, 0]);
  });
});
