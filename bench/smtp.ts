// SMTP benchmark: accept-and-deliver into a local mailbox at 1, 10 and 50 concurrent connections
// for 4 KB and 100 KB messages, Chasqui side by side with the reference Postfix → Dovecot LMTP
// (the shared kit's anchors), in one run, cases interleaved. Same load driver, same message bytes.
//
// Postfix's 250 means "queued": its delivered msg/s comes from polling Dovecot's IMAP STATUS until
// every message is in the INBOX. Chasqui's 250 comes after the message is durable in the mailbox
// (SPF/DKIM/DMARC checked on the way), so its accepted msg/s is its delivered msg/s; the stored
// messages are counted in its SQLite file after every run. Scale with the BENCH_* variables below.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadKit, type ImapTarget, type Kit, type PhaseUsage, type ProcessRoot } from './lib/kit.js';
import { startDnsStub, useDnsServerArgs, type DnsStub } from './lib/dns-stub.js';
import { cleanup, interrupted, onCleanup, startAnchors, startChasqui, type Chasqui } from './lib/servers.js';
import { median, percentile, runLoad, type LoadResult } from './lib/smtp-load.js';
import {
  absoluteTable,
  chasquiStageTable,
  ratioTable,
  type Measured,
  type RunResult,
  type ServerName,
} from './lib/smtp-report.js';

function numbers(name: string, fallback: string): number[] {
  const values = (process.env[name] || fallback).split(',').map((v) => Number(v.trim()));
  if (values.some((v) => !Number.isInteger(v) || v <= 0))
    throw new Error(`${name}: positive integers, comma-separated`);
  return values;
}
const one = (name: string, fallback: number) => numbers(name, String(fallback))[0] ?? fallback;

const settings = {
  sizes: numbers('BENCH_SMTP_SIZES', '4096,102400'),
  conns: numbers('BENCH_SMTP_CONNS', '1,10,50'),
  /** Messages per run below 16 KB, and from 16 KB up. */
  count: one('BENCH_SMTP_COUNT', 2000),
  countLarge: one('BENCH_SMTP_COUNT_LARGE', 500),
  runs: one('BENCH_RUNS', 1),
  warmup: Number(process.env['BENCH_SMTP_WARMUP'] ?? 200),
  reuse: process.env['BENCH_SMTP_REUSE'] === '1',
  maxSeconds: one('BENCH_SMTP_MAX_SECONDS', 300),
  portBase: one('BENCH_CHASQUI_PORT_BASE', 12000),
  tmp: process.env['BENCH_CHASQUI_TMP'] || '/var/tmp',
  keepData: process.env['BENCH_KEEP_DATA'] === '1',
  /** `serve --workers N`; like Postfix and Dovecot, Chasqui uses every core by default. */
  workers: one('BENCH_CHASQUI_WORKERS', availableParallelism()),
  /** Use Chasqui's IMAP (when it serves it) to empty the INBOX and to see delivery, as for Dovecot. */
  chasquiImap: process.env['BENCH_SMTP_CHASQUI_IMAP'] !== '0',
  /** stub: Chasqui resolves through a loopback stub that answers NXDOMAIN at once; system: /etc/resolv.conf. */
  dns: process.env['BENCH_SMTP_DNS'] === 'system' ? ('system' as const) : ('stub' as const),
};
// The recipient and sender of the kit: Postfix's anchor accepts only its own users.
const user = 'bench@bench.test';
const from = 'sender@example.org';
const anchorSmtpPort = 2525;
const dovecot: ImapTarget = { host: '127.0.0.1', imapPort: 10143, pass: 'benchpass' };

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const resultsDir = join(repoRoot, '.bench-results');
const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
const jsonFile = join(resultsDir, `smtp-${stamp}.jsonl`);
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const pause = (ms: number) =>
  new Promise<void>((done) => {
    setTimeout(done, ms);
  });
const countFor = (size: number) => (size >= 16384 ? settings.countLarge : settings.count);

interface Servers {
  readonly kit: Kit;
  readonly anchors: readonly ProcessRoot[];
  readonly chasqui: Chasqui;
}

interface Case {
  readonly size: number;
  readonly message: string;
  readonly conns: number;
  readonly count: number;
  readonly run: number;
}

function load(port: number, c: Case, tag: string): Promise<LoadResult> {
  return runLoad({
    host: '127.0.0.1',
    port,
    from,
    to: user,
    message: c.message,
    count: c.count,
    conns: c.conns,
    reuse: settings.reuse,
    tag,
    replyTimeoutMs: 120_000,
    maxSeconds: settings.maxSeconds,
  });
}

function cpuPerMessage(phase: PhaseUsage, sent: number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(phase.servers).map(([name, usage]) => [
      name,
      round((usage.cpuS * 1000) / Math.max(1, sent), 3),
    ]),
  );
}

function result(
  server: ServerName,
  c: Case,
  sent: LoadResult,
  phases: { accept: PhaseUsage; whole: PhaseUsage },
  delivery: { seconds: number | null; count: number | null },
  warnings: string[],
  chasqui?: RunResult['chasqui'],
): RunResult {
  const cpu = cpuPerMessage(phases.whole, sent.sent);
  if (sent.errors > 0)
    warnings.push(`${sent.errors} message(s) not accepted; first error: ${sent.firstError}`);
  return {
    bench: 'smtp',
    server,
    size: c.size,
    bytes: Buffer.byteLength(c.message),
    conns: c.conns,
    count: c.count,
    run: c.run,
    reuseConnections: settings.reuse,
    sent: sent.sent,
    errors: sent.errors,
    firstError: sent.firstError,
    acceptS: round(sent.seconds, 3),
    acceptPerS: round(sent.sent / sent.seconds, 1),
    deliveredS: delivery.seconds === null ? null : round(delivery.seconds, 3),
    deliveredPerS: delivery.seconds === null ? null : round(sent.sent / delivery.seconds, 1),
    delivered: delivery.count,
    latencyMs: {
      p50: round(percentile(sent.latenciesMs, 50)),
      p99: round(percentile(sent.latenciesMs, 99)),
      max: round(percentile(sent.latenciesMs, 100)),
    },
    cpuMsPerMsg: cpu,
    cpuMsPerMsgTotal: round(
      Object.values(cpu).reduce((sum, v) => sum + v, 0),
      3,
    ),
    acceptPhase: phases.accept,
    wholePhase: phases.whole,
    ...(chasqui ? { chasqui } : {}),
    warnings,
    at: new Date().toISOString(),
  };
}

/** Postfix accepts (queue, fsync), then LMTP to Dovecot: delivered = visible over IMAP. */
async function measureAnchors(servers: Servers, c: Case): Promise<Measured> {
  const { kit } = servers;
  await kit.emptyMailbox(dovecot, user);
  const before = (await kit.waitForCount(dovecot, user, 0, { t0: performance.now(), timeoutS: 10 })).count;
  const accept = kit.monitor(servers.anchors);
  const whole = kit.monitor(servers.anchors);
  const t0 = performance.now();
  const sent = await load(anchorSmtpPort, c, `pd.${stamp}.${c.size}.${c.conns}.${c.run}`);
  const acceptPhase = accept.stop();
  const seen = await kit.waitForCount(dovecot, user, before + sent.sent, {
    t0,
    timeoutS: settings.maxSeconds,
  });
  const wholePhase = whole.stop();
  const delivered = seen.count - before;
  const warnings: string[] = [];
  if (seen.seconds === null || delivered !== sent.sent)
    warnings.push(`Dovecot INBOX shows ${delivered} of ${sent.sent} accepted messages`);
  const r = result(
    'postfix+dovecot',
    c,
    sent,
    { accept: acceptPhase, whole: wholePhase },
    { seconds: seen.seconds, count: delivered },
    warnings,
  );
  return { result: r, latenciesMs: sent.latenciesMs };
}

function stageMedians(entries: readonly { timings: string }[]): Record<string, number> {
  const samples: Record<string, number[]> = {};
  for (const entry of entries) {
    const timings = JSON.parse(entry.timings || '{}') as Record<string, number>;
    for (const [stage, ms] of Object.entries(timings)) (samples[stage] ??= []).push(ms);
  }
  return Object.fromEntries(Object.entries(samples).map(([stage, ms]) => [stage, round(median(ms))]));
}

/** Chasqui's IMAP, while it works: used like Dovecot's (emptied before, STATUS polled after a run). */
let chasquiImap: ImapTarget | null = null;

/** Empties Chasqui's INBOX over IMAP and reads its count; on failure stops using its IMAP. */
async function prepareChasquiInbox(kit: Kit, warnings: string[]): Promise<number> {
  if (!chasquiImap) return 0;
  try {
    await kit.emptyMailbox(chasquiImap, user);
    return (await kit.waitForCount(chasquiImap, user, 0, { t0: performance.now(), timeoutS: 10 })).count;
  } catch (error) {
    warnings.push(
      `Chasqui IMAP failed (${error instanceof Error ? error.message : String(error)}); not used from now on`,
    );
    chasquiImap = null;
    return 0;
  }
}

/**
 * Chasqui's 250 means "in the mailbox". Delivered = visible over its IMAP STATUS, exactly as for
 * Dovecot, when it serves IMAP; else the 250s. Either way the stored messages are counted in SQLite.
 */
async function measureChasqui(servers: Servers, c: Case): Promise<Measured> {
  const { kit, chasqui } = servers;
  const warnings: string[] = [];
  const inboxBefore = await prepareChasquiInbox(kit, warnings);
  const imap = chasquiImap;
  const lastId = chasqui.lastMessageId(user);
  const mark = chasqui.lastLogId();
  const problemsBefore = chasqui.problems().length;
  const roots = [{ name: 'chasqui', pid: chasqui.pid }];
  const accept = kit.monitor(roots);
  const whole = kit.monitor(roots);
  const t0 = performance.now();
  const sent = await load(chasqui.smtpPort, c, `cq.${stamp}.${c.size}.${c.conns}.${c.run}`);
  const acceptPhase = accept.stop();
  let seen: { seconds: number | null; count: number } | null = null;
  if (imap) {
    const want = inboxBefore + sent.sent;
    seen = await kit.waitForCount(imap, user, want, { t0, timeoutS: settings.maxSeconds }).catch(() => null);
    if (seen?.seconds == null) warnings.push(`Chasqui IMAP STATUS never showed ${want} messages`);
  }
  const wholePhase = whole.stop();
  const stored = chasqui.messagesAfter(user, lastId);
  const log = chasqui.logSince(mark);
  const verdicts: Record<string, number> = {};
  for (const entry of log) verdicts[entry.verdict] = (verdicts[entry.verdict] ?? 0) + 1;
  if (stored !== sent.sent)
    warnings.push(`MISMATCH: Chasqui answered 250 to ${sent.sent} messages but stored ${stored}`);
  const problems = chasqui.problems().slice(problemsBefore);
  if (problems.length > 0)
    warnings.push(`${problems.length} warning/error line(s) from chasqui: ${problems[0]?.slice(0, 300)}`);
  const r = result(
    'chasqui',
    c,
    sent,
    { accept: acceptPhase, whole: wholePhase },
    { seconds: seen ? seen.seconds : sent.seconds, count: stored },
    warnings,
    { verdicts, stageMedianMs: stageMedians(log), deliveredSeenBy: imap ? 'imap' : 'smtp-250' },
  );
  return { result: r, latenciesMs: sent.latenciesMs };
}

function report(m: Measured): void {
  const r = m.result;
  appendFileSync(jsonFile, JSON.stringify(r) + '\n');
  const delivered = r.deliveredPerS === null ? '—' : String(Math.round(r.deliveredPerS));
  console.error(
    `  ${r.server.padEnd(15)} ${String(r.size).padStart(6)} B × ${r.count} @ ${String(r.conns).padStart(2)} conns, run ${r.run}: ` +
      `accepted ${Math.round(r.acceptPerS)} msg/s, delivered ${delivered} msg/s, ` +
      `p99 ${r.latencyMs.p99} ms, CPU ${r.cpuMsPerMsgTotal} ms/msg`,
  );
  for (const warning of r.warnings) console.error(`  ⚠ ${r.server}: ${warning}`);
}

async function warmUp(servers: Servers, message: string): Promise<void> {
  if (settings.warmup <= 0) return;
  const c: Case = { size: 0, message, conns: 10, count: settings.warmup, run: 0 };
  const t0 = performance.now();
  const pd = await load(anchorSmtpPort, c, `warm.pd.${stamp}`);
  await servers.kit.waitForCount(dovecot, user, pd.sent, { t0, timeoutS: settings.maxSeconds });
  await servers.kit.emptyMailbox(dovecot, user);
  const cq = await load(servers.chasqui.smtpPort, c, `warm.cq.${stamp}`);
  if (pd.errors + cq.errors > 0)
    throw new Error(`warm-up failed: Postfix ${pd.firstError ?? 'ok'}; Chasqui ${cq.firstError ?? 'ok'}`);
}

async function measureAll(servers: Servers): Promise<Measured[]> {
  const all: Measured[] = [];
  for (const size of settings.sizes) {
    const message = servers.kit.sizedMessage(size, { to: user });
    for (const conns of settings.conns) {
      for (let run = 1; run <= settings.runs; run++) {
        const c: Case = { size, message, conns, count: countFor(size), run };
        // Alternate who goes first, so a drift of the shared machine hits both alike.
        const order = run % 2 === 1 ? [measureAnchors, measureChasqui] : [measureChasqui, measureAnchors];
        for (const measure of order) {
          const m = await measure(servers, c);
          report(m);
          all.push(m);
          await pause(1000);
        }
      }
    }
  }
  return all;
}

function versions(): string {
  const tryRun = (file: string, args: string[]) => {
    try {
      return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '?';
    }
  };
  return `Postfix ${tryRun('postconf', ['-h', 'mail_version'])}, Dovecot ${tryRun('dovecot', ['--version'])}, Node ${process.version}`;
}

function printTables(all: readonly Measured[], chasqui: Chasqui, dns: DnsStub | null): void {
  const dnsNote =
    dns === null
      ? "Chasqui's DNS: the machine's resolver (/etc/resolv.conf)."
      : `Chasqui's DNS: loopback stub answering NXDOMAIN at once (${dns.queries()} queries answered).`;
  const header = [
    `## SMTP accept-and-deliver: Chasqui vs Postfix → Dovecot LMTP (${stamp})`,
    '',
    `${availableParallelism()} cores; ${versions()}; ${settings.runs} run(s) per case; ` +
      `${settings.reuse ? 'connections reused' : 'one connection per message'}; ` +
      `messages per run: ${settings.count} (<16 KB), ${settings.countLarge} (≥16 KB). ${dnsNote}`,
    "'accepted' = every 250 received. 'delivered' = every message visible in the INBOX over IMAP STATUS (polled every 100 ms).",
    'Chasqui answers 250 once the message is durable in the mailbox (SPF/DKIM/DMARC checked); Postfix once it is queued.',
    `Chasqui's delivered: ${
      all.some((m) => m.result.chasqui?.deliveredSeenBy === 'smtp-250')
        ? 'its 250s where its IMAP was not used (no IMAP listener, or BENCH_SMTP_CHASQUI_IMAP=0)'
        : 'over its own IMAP, like Dovecot'
    }; stored messages are also counted in its SQLite file after every run.`,
    'CPU ms/msg: CPU of the server process trees (Postfix + Dovecot, or Chasqui) ÷ messages, until delivered.',
  ];
  const text = [
    ...header,
    '',
    '### Ratios',
    '',
    ...ratioTable(all),
    '',
    '### Measured',
    '',
    ...absoluteTable(all),
    '',
    '### Chasqui pipeline stages (median ms per message, from its message log)',
    '',
    ...chasquiStageTable(all),
    '',
  ].join('\n');
  console.log(`\n${text}`);
  writeFileSync(jsonFile.replace(/\.jsonl$/, '.md'), text);
  const problems = chasqui.problems();
  if (problems.length > 0) console.error(`⚠ chasqui logged ${problems.length} warning/error line(s).`);
  const mismatches = all.filter((m) => m.result.warnings.length > 0).length;
  if (mismatches > 0) console.error(`⚠ ${mismatches} run(s) with warnings: see above and ${jsonFile}`);
  console.error(`results: ${jsonFile}`);
}

async function main(): Promise<void> {
  mkdirSync(resultsDir, { recursive: true });
  const kit = await loadKit();
  console.error(`starting Postfix → Dovecot (kit ${kit.dir}) and Chasqui…`);
  const anchors = startAnchors(kit.dir, join(resultsDir, `smtp-${stamp}-anchors.log`));
  let dns: DnsStub | null = null;
  if (settings.dns === 'stub') {
    const stub = await startDnsStub(settings.portBase + 53);
    onCleanup('dns stub', () => stub.close());
    dns = stub;
  }
  const chasqui = await startChasqui({
    nodeArgs: dns ? useDnsServerArgs(dns.address) : [],
    portBase: settings.portBase,
    parentDir: settings.tmp,
    domain: 'bench.test',
    user,
    logFile: join(resultsDir, `smtp-${stamp}-chasqui.log`),
    keepData: settings.keepData,
    workers: settings.workers,
  });
  const servers: Servers = { kit, anchors, chasqui };
  chasquiImap = settings.chasquiImap ? chasqui.imap : null;
  console.error(
    `Postfix+Dovecot: ${anchors.map((a) => `${a.name}=${a.pid}`).join(', ')}; ` +
      `Chasqui: pid ${chasqui.pid} (${settings.workers} workers), SMTP 127.0.0.1:${chasqui.smtpPort}, data ${chasqui.dataDir}`,
  );
  await warmUp(servers, kit.sizedMessage(4096, { to: user }));
  const all = await measureAll(servers);
  await kit.emptyMailbox(dovecot, user);
  printTables(all, chasqui, dns);
}

try {
  await main();
} catch (error) {
  // After Ctrl-C the work in flight fails as the servers stop: the signal handler reports and exits.
  if (interrupted() === null)
    console.error(
      `bench smtp failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  process.exitCode = 1;
} finally {
  await cleanup();
}
