// Python's imaplib as a second real client (spawned, not spawnSync: the server runs in this
// process): implicit TLS, LIST, SELECT, APPEND, SEARCH, FETCH, STORE, COPY, EXPUNGE, IDLE-less NOOP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { missingTool, runTool } from '@chasqui/testkit';
import { password, startImap, type ImapHarness } from '../harness.js';

const skip = missingTool('python3');

function python(script: string) {
  return runTool('python3', ['-c', script]);
}

describe('IMAP with Python imaplib', { skip }, () => {
  let h: ImapHarness;
  before(async () => {
    h = await startImap({ allowPlaintextAuth: false });
    await h.addUser('ana@example.test');
  });
  after(() => h.stop());

  it('runs a whole session over implicit TLS and STARTTLS', async () => {
    const script = `
import imaplib, ssl
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
m = imaplib.IMAP4_SSL('127.0.0.1', ${h.ports.imaps}, ssl_context=ctx)
print(m.login('ana@example.test', '${password}')[0])
typ, boxes = m.list()
print(len(boxes), any(b'\\\\Sent' in b for b in boxes))
msg = 'From: José <jose@example.test>\\r\\nSubject: Año nuevo\\r\\nContent-Type: text/plain; charset=utf-8\\r\\n\\r\\nInformación del año.\\r\\n'.encode('utf-8')
print(m.append('INBOX', '(\\\\Flagged)', None, msg)[0])
print(m.select('INBOX')[1][0])
print(m.search(None, 'FLAGGED')[1][0])
print(m.uid('SEARCH', 'CHARSET', 'UTF-8', 'BODY', 'informacion')[1][0])
typ, data = m.fetch('1', '(BODY.PEEK[] RFC822.SIZE)')
print(data[0][1] == msg)
print(m.store('1', '+FLAGS', '\\\\Deleted')[1][0])
print(m.copy('1', 'Archivo')[0])
print(m.expunge()[1][0])
print(m.status('Archivo', '(MESSAGES)')[1][0])
m.logout()
s = imaplib.IMAP4('127.0.0.1', ${h.ports.imap})
s.starttls(ssl_context=ctx)
print(s.login('ana@example.test', '${password}')[0])
s.logout()
`;
    const result = await python(script);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), [
      'OK',
      '6 True',
      'OK',
      "b'1'",
      "b'1'",
      "b'1'",
      'True',
      "b'1 (FLAGS (\\\\Flagged \\\\Deleted))'",
      'OK',
      "b'1'",
      "b'Archivo (MESSAGES 1)'",
      'OK',
    ]);
  });

  it('sorts and threads with SORT and THREAD (RFC 5256)', async () => {
    const accountId = (await h.store.accounts.getByAddress('ana@example.test'))!.id;
    await h.mail.mailboxes.create(accountId, 'Hilos');
    await h.deliver(
      accountId,
      'From: b@example.test\nSubject: Plan\nDate: Tue, 3 Feb 2026 10:00:00 +0000\nMessage-ID: <p@x>\n\n1\n',
      'Hilos',
    );
    await h.deliver(
      accountId,
      'From: a@example.test\nSubject: Re: Plan\nDate: Mon, 2 Feb 2026 10:00:00 +0000\nMessage-ID: <q@x>\nReferences: <p@x>\n\n2\n',
      'Hilos',
    );
    const script = `
import imaplib, ssl
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
m = imaplib.IMAP4_SSL('127.0.0.1', ${h.ports.imaps}, ssl_context=ctx)
m.login('ana@example.test', '${password}')
m.select('Hilos')
print(m.sort('(DATE)', 'UTF-8', 'ALL')[1][0].decode())
print(m.sort('(FROM)', 'UTF-8', 'ALL')[1][0].decode())
print(m.thread('REFERENCES', 'UTF-8', 'ALL')[1][0].decode())
print(m.uid('THREAD', 'ORDEREDSUBJECT', 'UTF-8', 'ALL')[1][0].decode())
m.logout()
`;
    const result = await python(script);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), ['2 1', '2 1', '(1 2)', '(2 1)']);
  });
});
