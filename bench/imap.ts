// IMAP/POP3 benchmark: Chasqui side by side with the reference Dovecot 2.3 (the shared kit's anchor)
// in one run, steps interleaved (Dovecot, then Chasqui, for every step), every number measured by
// the kit's own scripts (bin/*.mjs) on the same deterministic corpus:
//   login rate, a 10,000-message mailbox (100,000 with BENCH_IMAP_BIG=1): SELECT,
//   UID FETCH 1:* (FLAGS), FETCH 1:* (ENVELOPE BODYSTRUCTURE), SEARCH TEXT, 1,000 full bodies;
//   POP3 RETR of 1,000 messages; N concurrent IDLE sessions with the server's memory.
// Prints Chasqui ÷ Dovecot ratios (< 1: Chasqui faster or smaller) and writes JSON lines to
// .bench-results/. A step that fails is reported with its command and error and not retried; the
// one exception is the fill, which falls back to batches Chasqui accepts (see populate()).
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKit } from './lib/kit.js';
import { runKitScript, type KitRun, type KitTarget } from './lib/kit-runner.js';
import { imapReport, round, servers, type Server, type Step } from './lib/imap-report.js';
import { cleanup, interrupted, startAnchors, startChasqui } from './lib/servers.js';

function numbers(name: string, fallback: string): number[] {
  const values = (process.env[name] || fallback).split(',').map((v) => Number(v.trim()));
  if (values.some((v) => !Number.isInteger(v) || v <= 0))
    throw new Error(`${name}: positive integers, comma-separated`);
  return values;
}
const stepNames = ['login', 'ops', 'pop3', 'idle'] as const;
type StepName = (typeof stepNames)[number];

/** BENCH_IMAP_STEPS=ops,pop3 runs only those steps (the 10k fill always runs; big with BENCH_IMAP_BIG). */
function stepSelection(value: string | undefined): ReadonlySet<StepName> {
  if (!value) return new Set(stepNames);
  const chosen = value.split(',').map((v) => v.trim());
  const unknown = chosen.filter((v) => !(stepNames as readonly string[]).includes(v));
  if (unknown.length > 0)
    throw new Error(`BENCH_IMAP_STEPS: unknown ${unknown.join(', ')} (known: ${stepNames.join(', ')})`);
  return new Set(chosen as StepName[]);
}
const one = (name: string, fallback: number) => numbers(name, String(fallback))[0] ?? fallback;

const settings = {
  runs: one('BENCH_RUNS', 2),
  loginConns: numbers('BENCH_LOGIN_CONNS', '1,8'),
  loginSeconds: one('BENCH_LOGIN_SECONDS', 5),
  smallCount: one('BENCH_SMALL_COUNT', 10_000),
  big: process.env['BENCH_IMAP_BIG'] === '1',
  bigCount: one('BENCH_BIG_COUNT', 100_000),
  bodies: one('BENCH_BODIES', 1000),
  idleConns: numbers('BENCH_IDLE_CONNS', '1000'),
  stepTimeoutS: one('BENCH_IMAP_STEP_TIMEOUT', 600),
  portBase: one('BENCH_CHASQUI_PORT_BASE', 13000),
  tmp: process.env['BENCH_CHASQUI_TMP'] || '/var/tmp',
  keepData: process.env['BENCH_KEEP_DATA'] === '1',
  steps: stepSelection(process.env['BENCH_IMAP_STEPS']),
};
const users = {
  small: 'imap10k@bench.test',
  big: 'imap100k@bench.test',
  idle: 'idle@bench.test',
};

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const chasquiBin = join(repoRoot, 'apps', 'server', 'bin', 'chasqui.js');
const resultsDir = join(repoRoot, '.bench-results');
const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
const jsonFile = join(resultsDir, `imap-${stamp}.jsonl`);

const steps: Step[] = [];

function record(step: string, server: Server, run: KitRun): KitRun {
  steps.push({ step, server, run });
  for (const line of run.lines) appendFileSync(jsonFile, JSON.stringify({ step, server, ...line }) + '\n');
  if (run.error !== null) {
    appendFileSync(
      jsonFile,
      JSON.stringify({ step, server, failed: true, error: run.error, command: run.command }) + '\n',
    );
    console.error(`  ✗ ${server} ${step} failed: ${run.error}\n    command: ${run.command}`);
  } else console.error(`  ${server} ${step}: ${round(run.seconds, 1)} s`);
  return run;
}

// ---- running ---------------------------------------------------------------------------------

function addChasquiUser(dataDir: string, address: string, password: string): void {
  execFileSync(
    process.execPath,
    [chasquiBin, 'user', 'add', address, '--password', password, '--data', dataDir],
    {
      cwd: dataDir,
      env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CHASQUI_'))),
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}

async function each(
  kitDir: string,
  targets: Record<Server, KitTarget>,
  step: string,
  script: string,
  args: readonly string[],
  options: {
    timeoutS?: number;
    openFiles?: number;
    expectedLines?: number;
    servers?: readonly Server[];
  } = {},
): Promise<KitRun[]> {
  const done: KitRun[] = [];
  for (const server of options.servers ?? servers) {
    if (interrupted() !== null) return done;
    console.error(`${server}: ${step}…`);
    done.push(
      record(
        step,
        server,
        await runKitScript(kitDir, targets[server], script, args, {
          timeoutS: options.timeoutS ?? settings.stepTimeoutS,
          ...(options.openFiles === undefined ? {} : { openFiles: options.openFiles }),
          ...(options.expectedLines === undefined ? {} : { expectedLines: options.expectedLines }),
          echo: (line) => {
            if (/appended/.test(line)) console.error(`    ${line.trim()}`);
          },
        }),
      ),
    );
  }
  return done;
}

/**
 * Fills `user` on both servers. Chasqui reads at most 8 literals per command, so the kit's
 * 200-message MULTIAPPEND batches fail there: that is recorded, and the fill resumes with batches
 * of 8 (same messages, same order: the kit appends from the current count).
 */
async function populate(
  kitDir: string,
  targets: Record<Server, KitTarget>,
  step: string,
  user: string,
  count: number,
  timeoutS: number,
): Promise<void> {
  const args = ['--user', user, '--count', String(count)];
  const runs = await each(kitDir, targets, step, 'imap-populate.mjs', args, { timeoutS });
  if (runs[1]?.error?.includes('Too many literals'))
    await each(kitDir, targets, `${step}-batch8`, 'imap-populate.mjs', [...args, '--batch', '8'], {
      timeoutS,
      servers: ['chasqui'],
    });
}

// ---- main --------------------------------------------------------------------------------------

async function main(): Promise<void> {
  mkdirSync(resultsDir, { recursive: true });
  const kit = await loadKit();
  if (!existsSync(join(kit.dir, 'node_modules', 'imapflow')))
    throw new Error(`the kit has no imapflow: run npm install in ${kit.dir}`);
  console.error(`starting Dovecot (kit ${kit.dir}) and Chasqui…`);
  const anchors = startAnchors(kit.dir, join(resultsDir, `imap-${stamp}-anchors.log`));
  const dovecotRoot = anchors.find((a) => a.name === 'dovecot');
  if (!dovecotRoot) throw new Error('the Dovecot anchor did not start');
  const chasqui = await startChasqui({
    nodeArgs: [],
    portBase: settings.portBase,
    parentDir: settings.tmp,
    domain: 'bench.test',
    user: users.small,
    logFile: join(resultsDir, `imap-${stamp}-chasqui.log`),
    keepData: settings.keepData,
  });
  if (!chasqui.imap) throw new Error('Chasqui does not report a working IMAP listener on /health');
  const chasquiPass = chasqui.imap.pass;
  addChasquiUser(chasqui.dataDir, users.idle, chasquiPass);
  if (settings.big) addChasquiUser(chasqui.dataDir, users.big, chasquiPass);
  const pids = `dovecot=${dovecotRoot.pid},chasqui=${chasqui.pid}`;
  const targets: Record<Server, KitTarget> = {
    dovecot: {
      name: 'dovecot',
      host: '127.0.0.1',
      imapPort: 10143,
      pop3Port: 10110,
      pass: 'benchpass',
      pids,
    },
    chasqui: {
      name: 'chasqui',
      host: '127.0.0.1',
      imapPort: chasqui.imap.imapPort,
      // startChasqui puts every listener at portBase + its standard port.
      pop3Port: settings.portBase + 110,
      pass: chasquiPass,
      pids,
    },
  };
  console.error(
    `Dovecot pid ${dovecotRoot.pid}; Chasqui pid ${chasqui.pid}, data ${chasqui.dataDir}; ${pids}`,
  );
  const t0 = performance.now();
  const runs = String(settings.runs);
  const bodies = String(settings.bodies);

  await populate(
    kit.dir,
    targets,
    'populate-small',
    users.small,
    settings.smallCount,
    Math.max(settings.stepTimeoutS, 1800),
  );
  if (settings.steps.has('login'))
    await each(kit.dir, targets, 'login', 'imap-login.mjs', [
      '--user',
      users.small,
      '--conns',
      settings.loginConns.join(','),
      '--seconds',
      String(settings.loginSeconds),
    ]);
  if (settings.steps.has('ops'))
    await each(kit.dir, targets, 'ops-small', 'imap-ops.mjs', [
      '--user',
      users.small,
      '--runs',
      runs,
      '--bodies',
      bodies,
    ]);
  if (settings.steps.has('pop3'))
    await each(kit.dir, targets, 'pop3', 'pop3-retr.mjs', [
      '--user',
      users.small,
      '--runs',
      runs,
      '--count',
      bodies,
    ]);
  const maxIdle = Math.max(...settings.idleConns);
  // imapflow (the kit's IDLE client) upgrades with STARTTLS whenever it is offered: Chasqui offers
  // it with its self-signed certificate, which imapflow refuses (every session fails with
  // "self-signed certificate"), so Chasqui's IDLE sessions run over TLS without verification.
  // The Dovecot anchor has no TLS: its sessions stay plain.
  const idleTargets = {
    ...targets,
    chasqui: { ...targets.chasqui, env: { NODE_TLS_REJECT_UNAUTHORIZED: '0' } },
  };
  if (settings.steps.has('idle'))
    await each(
      kit.dir,
      idleTargets,
      'idle',
      'imap-idle.mjs',
      ['--user', users.idle, '--conns', settings.idleConns.join(',')],
      {
        openFiles: Math.max(4096, maxIdle * 2 + 1000),
        expectedLines: settings.idleConns.length,
        timeoutS: Math.max(settings.stepTimeoutS, 120 + maxIdle / 5),
      },
    );
  if (settings.big) {
    await populate(
      kit.dir,
      targets,
      'populate-big',
      users.big,
      settings.bigCount,
      Math.max(settings.stepTimeoutS, 7200),
    );
    await each(kit.dir, targets, 'ops-big', 'imap-ops.mjs', [
      '--user',
      users.big,
      '--runs',
      runs,
      '--bodies',
      bodies,
    ]);
  }

  const minutes = round((performance.now() - t0) / 60_000, 1);
  const report = imapReport(steps, settings);
  const text = [
    `### IMAP / POP3: Chasqui ÷ Dovecot 2.3 (${minutes} min, ${settings.runs} runs per step, medians)`,
    '',
    'Time ratio < 1: Chasqui faster. CPU ms: the server tree during the operation (procstat). ' +
      'Mailbox operations: median of the runs after the first (run 1, the first access, in the notes).',
    '',
    report.table,
    '',
    report.populate,
  ].join('\n');
  process.stdout.write(text + '\n');
  writeFileSync(jsonFile.replace(/\.jsonl$/, '.md'), text + '\n');
  const problems = chasqui.problems();
  if (problems.length > 0)
    console.error(
      `⚠ chasqui logged ${problems.length} warning/error line(s), e.g. ${problems.slice(0, 3).join(' / ')}`,
    );
  const failed = steps.filter((s) => s.run.error !== null);
  for (const f of failed) console.error(`✗ ${f.server} ${f.step}: ${f.run.error ?? ''}\n  ${f.run.command}`);
  console.error(`results: ${jsonFile}`);
}

try {
  await main();
} catch (error) {
  if (interrupted() === null)
    console.error(
      `bench imap failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  process.exitCode = 1;
} finally {
  await cleanup();
}
