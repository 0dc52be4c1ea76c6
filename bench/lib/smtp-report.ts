// Result rows of `npm run bench smtp` and their Markdown tables: medians over the runs, p99 over
// every message of every run, and the Chasqui ÷ Postfix+Dovecot ratios.
import type { PhaseUsage } from './kit.js';
import { median, percentile } from './smtp-load.js';

export type ServerName = 'postfix+dovecot' | 'chasqui';

export interface RunResult {
  readonly bench: 'smtp';
  readonly server: ServerName;
  readonly size: number;
  readonly bytes: number;
  readonly conns: number;
  readonly count: number;
  readonly run: number;
  readonly reuseConnections: boolean;
  readonly sent: number;
  readonly errors: number;
  readonly firstError: string | null;
  /** Load generator done: every 2xx received. */
  readonly acceptS: number;
  readonly acceptPerS: number;
  /** In the mailbox: IMAP STATUS for Dovecot; for Chasqui the 250 itself (counted in SQLite after). */
  readonly deliveredS: number | null;
  readonly deliveredPerS: number | null;
  readonly delivered: number | null;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  /** Server CPU ms per accepted message over the whole phase (until delivered), per process tree. */
  readonly cpuMsPerMsg: Readonly<Record<string, number>>;
  readonly cpuMsPerMsgTotal: number;
  readonly acceptPhase: PhaseUsage;
  readonly wholePhase: PhaseUsage;
  readonly chasqui?: {
    readonly verdicts: Readonly<Record<string, number>>;
    readonly stageMedianMs: Readonly<Record<string, number>>;
    /** How delivery was seen: over Chasqui's IMAP STATUS, or by its 250 (no IMAP). */
    readonly deliveredSeenBy: 'imap' | 'smtp-250';
  };
  readonly warnings: readonly string[];
  readonly at: string;
}

/** A run plus its raw latencies (kept in memory for the pooled p99, not written out). */
export interface Measured {
  readonly result: RunResult;
  readonly latenciesMs: readonly number[];
}

const sizeLabel = (bytes: number) => (bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} B`);

function fixed(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

function rate(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en') : '—';
}

interface Group {
  readonly size: number;
  readonly conns: number;
  readonly server: ServerName;
  readonly runs: readonly Measured[];
}

function groups(all: readonly Measured[]): Group[] {
  const map = new Map<string, Measured[]>();
  for (const m of all) {
    const key = `${m.result.size}|${m.result.conns}|${m.result.server}`;
    const list = map.get(key) ?? [];
    list.push(m);
    map.set(key, list);
  }
  return [...map.values()].map((runs) => {
    const first = runs[0]!.result;
    return { size: first.size, conns: first.conns, server: first.server, runs };
  });
}

interface Summary {
  readonly accepted: number;
  readonly delivered: number;
  readonly p50: number;
  readonly p99: number;
  readonly cpuMs: number;
  readonly cpuMsBy: Readonly<Record<string, number>>;
  readonly cpuPct: number;
  readonly machinePct: number;
  readonly errors: number;
  readonly warnings: number;
  readonly count: number;
  readonly runs: number;
}

function summarize(group: Group): Summary {
  const results = group.runs.map((m) => m.result);
  const latencies = group.runs.flatMap((m) => m.latenciesMs);
  const trees = Object.keys(results[0]?.cpuMsPerMsg ?? {});
  const cpuPct = (r: RunResult) => Object.values(r.wholePhase.servers).reduce((sum, s) => sum + s.cpuPct, 0);
  return {
    accepted: median(results.map((r) => r.acceptPerS)),
    delivered: median(results.map((r) => r.deliveredPerS ?? Number.NaN)),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuMs: median(results.map((r) => r.cpuMsPerMsgTotal)),
    cpuMsBy: Object.fromEntries(trees.map((t) => [t, median(results.map((r) => r.cpuMsPerMsg[t] ?? NaN))])),
    cpuPct: median(results.map(cpuPct)),
    machinePct: median(results.map((r) => r.wholePhase.systemCpuPct)),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    warnings: results.reduce((sum, r) => sum + r.warnings.length, 0),
    count: results[0]?.count ?? 0,
    runs: results.length,
  };
}

/** Every measured number, per server. */
export function absoluteTable(all: readonly Measured[]): string[] {
  const lines = [
    '| server | size | conns | msgs × runs | accepted msg/s | delivered msg/s | DATA→250 p50 / p99 ms | server CPU ms/msg | server CPU % | machine CPU % | errors / warnings |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const group of groups(all)) {
    const s = summarize(group);
    const byTree = Object.entries(s.cpuMsBy);
    const cpu =
      byTree.length > 1
        ? `${fixed(s.cpuMs, 2)} (${byTree.map(([t, v]) => `${t} ${fixed(v, 2)}`).join(' + ')})`
        : fixed(s.cpuMs, 2);
    lines.push(
      `| ${group.server} | ${sizeLabel(group.size)} | ${group.conns} | ${s.count} × ${s.runs} | ${rate(s.accepted)} | ${rate(s.delivered)} | ${fixed(s.p50, 1)} / ${fixed(s.p99, 1)} | ${cpu} | ${fixed(s.cpuPct, 0)} | ${fixed(s.machinePct, 0)} | ${s.errors} / ${s.warnings} |`,
    );
  }
  return lines;
}

/** Chasqui against the reference, case by case. */
export function ratioTable(all: readonly Measured[]): string[] {
  const lines = [
    '| size | conns | msg/s Chasqui ÷ Postfix+Dovecot (delivered) | msg/s Chasqui ÷ Postfix (accepted only) | CPU ms/msg Chasqui | CPU ms/msg Postfix+Dovecot | CPU/msg Chasqui ÷ P+D | p99 DATA→250 ms Chasqui | p99 DATA→250 ms Postfix |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const all2 = groups(all);
  for (const cq of all2.filter((g) => g.server === 'chasqui')) {
    const pd = all2.find((g) => g.server === 'postfix+dovecot' && g.size === cq.size && g.conns === cq.conns);
    if (!pd) continue;
    const c = summarize(cq);
    const p = summarize(pd);
    lines.push(
      `| ${sizeLabel(cq.size)} | ${cq.conns} | ${fixed(c.delivered / p.delivered, 2)} | ${fixed(c.delivered / p.accepted, 2)} | ${fixed(c.cpuMs, 2)} | ${fixed(p.cpuMs, 2)} | ${fixed(c.cpuMs / p.cpuMs, 2)} | ${fixed(c.p99, 1)} | ${fixed(p.p99, 1)} |`,
    );
  }
  return lines;
}

/** Where Chasqui's time goes: median ms per pipeline stage (from its message log). */
export function chasquiStageTable(all: readonly Measured[]): string[] {
  const chasqui = groups(all).filter((g) => g.server === 'chasqui');
  const stages = [
    ...new Set(
      chasqui.flatMap((g) => g.runs.flatMap((m) => Object.keys(m.result.chasqui?.stageMedianMs ?? {}))),
    ),
  ];
  if (stages.length === 0) return [];
  const lines = [
    `| size | conns | ${stages.join(' | ')} | verdicts |`,
    `|---|---:|${stages.map(() => '---:').join('|')}|---|`,
  ];
  for (const group of chasqui) {
    const stage = (name: string) =>
      median(group.runs.map((m) => m.result.chasqui?.stageMedianMs[name] ?? Number.NaN));
    const verdicts: Record<string, number> = {};
    for (const m of group.runs)
      for (const [v, n] of Object.entries(m.result.chasqui?.verdicts ?? {}))
        verdicts[v] = (verdicts[v] ?? 0) + n;
    lines.push(
      `| ${sizeLabel(group.size)} | ${group.conns} | ${stages.map((s) => fixed(stage(s), 2)).join(' | ')} | ${Object.entries(
        verdicts,
      )
        .map(([v, n]) => `${v} ${n}`)
        .join(', ')} |`,
    );
  }
  return lines;
}
