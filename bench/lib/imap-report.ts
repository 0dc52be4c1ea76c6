// The report of `npm run bench imap`: Chasqui ÷ Dovecot rows built from the kit's result lines.
import type { KitRun } from './kit-runner.js';

export const servers = ['dovecot', 'chasqui'] as const;
export type Server = (typeof servers)[number];

export interface Step {
  readonly step: string;
  readonly server: Server;
  readonly run: KitRun;
}

export interface ReportSettings {
  readonly smallCount: number;
  readonly big: boolean;
  readonly bigCount: number;
  readonly bodies: number;
  readonly idleConns: readonly number[];
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
};

// ---- the kit's result lines (only the fields read here) ----------------------------------------

interface Usage {
  readonly cpuS: number;
}
type PerServer<T> = Readonly<Partial<Record<string, T>>>;
interface OpResult {
  readonly op: string;
  readonly ms: number;
  readonly servers: PerServer<Usage>;
  readonly hits?: number;
  readonly expectedHits?: number;
}
interface OpsLine {
  readonly run: number;
  readonly exists: number;
  readonly loginMs: number;
  readonly ops: readonly OpResult[];
}
interface LoginLine {
  readonly driver: string;
  readonly conns: number;
  readonly logins: number;
  readonly perS: number;
  readonly errors: number;
  readonly firstError: string | null;
  readonly servers: PerServer<Usage>;
}
interface PopLine {
  readonly loginMs: number;
  readonly retr: number;
  readonly ms: number;
  readonly servers: PerServer<Usage>;
}
interface IdleLine {
  readonly conns: number;
  readonly opened: number;
  readonly errors: number;
  readonly firstError: string | null;
  readonly openS: number;
  readonly perSession: PerServer<{ rssKb: number; pssKb: number }>;
  readonly withSessions: PerServer<{ procs: number; rssMb: number; pssMb: number }>;
  readonly idleCpu: PerServer<Usage & { cpuPct: number }>;
  readonly fanoutMs: number;
  readonly fanoutSeen: number;
  readonly fanoutTimedOut: boolean;
}
interface PopulateLine {
  readonly appended: number;
  readonly count: number;
  readonly perS: number;
}

const hasWarmRuns = (byServer: Record<Server, readonly OpsLine[]>) =>
  servers.some((s) => byServer[s].some((l) => l.run > 1));

/** The ratio table (Markdown) and a line on the fills, from every step run so far. */
export function imapReport(
  steps: readonly Step[],
  settings: ReportSettings,
): { table: string; populate: string } {
  const linesOf = <T>(step: string, server: Server): T[] =>
    steps.filter((s) => s.step === step && s.server === server).flatMap((s) => s.run.lines as unknown as T[]);
  const failureOf = (step: string, server: Server): string | null =>
    steps.find((s) => s.step === step && s.server === server && s.run.error !== null)?.run.error ?? null;

  interface Row {
    readonly what: string;
    readonly unit: string;
    readonly value: Partial<Record<Server, number>>;
    readonly cpuMs?: Partial<Record<Server, number>>;
    readonly failed?: string;
    readonly note?: string;
  }

  const fmt = (v: number | undefined, digits = 1) =>
    v === undefined || !Number.isFinite(v)
      ? '–'
      : v >= 100
        ? String(Math.round(v))
        : String(round(v, digits));
  const ratio = (m: Partial<Record<Server, number>> | undefined) => {
    const c = m?.chasqui;
    const d = m?.dovecot;
    return c === undefined || d === undefined || !Number.isFinite(c) || !Number.isFinite(d) || d === 0
      ? '–'
      : `**${round(c / d, 2)}**`;
  };

  function opsRows(step: string, label: string): Row[] {
    const rows: Row[] = [];
    const byServer = Object.fromEntries(servers.map((s) => [s, linesOf<OpsLine>(step, s)])) as Record<
      Server,
      OpsLine[]
    >;
    const names = [...new Set(servers.flatMap((s) => byServer[s].flatMap((l) => l.ops.map((o) => o.op))))];
    // Run 1 is the first access after the fill (Dovecot builds its index cache then): the table
    // shows the later, warm runs when there are any, and run 1 in the notes.
    const warm = (server: Server) => {
      const later = byServer[server].filter((l) => l.run > 1);
      return later.length > 0 ? later : byServer[server];
    };
    const pick = (server: Server, f: (l: OpsLine) => number | undefined) =>
      median(
        warm(server)
          .map(f)
          .filter((v): v is number => v !== undefined),
      );
    const first = (server: Server, name: string) =>
      byServer[server].find((l) => l.run === 1)?.ops.find((o) => o.op === name)?.ms;
    const failedText = (server: Server) => failureOf(step, server);
    rows.push({
      what: `${label}: connect + LOGIN`,
      unit: 'ms',
      value: { dovecot: pick('dovecot', (l) => l.loginMs), chasqui: pick('chasqui', (l) => l.loginMs) },
    });
    for (const name of names) {
      const op = (_server: Server) => (l: OpsLine) => l.ops.find((o) => o.op === name);
      const value: Partial<Record<Server, number>> = {};
      const cpuMs: Partial<Record<Server, number>> = {};
      const notes: string[] = [];
      for (const server of servers) {
        value[server] = pick(server, (l) => op(server)(l)?.ms);
        cpuMs[server] = pick(server, (l) => {
          const cpu = op(server)(l)?.servers[server]?.cpuS;
          return cpu === undefined ? undefined : cpu * 1000;
        });
        for (const l of byServer[server]) {
          const o = op(server)(l);
          if (o?.hits !== undefined && o.expectedHits !== undefined && o.hits !== o.expectedHits)
            notes.push(`${server} run ${l.run}: ${o.hits} hits, expected ${o.expectedHits}`);
        }
      }
      const d1 = first('dovecot', name);
      const c1 = first('chasqui', name);
      if (hasWarmRuns(byServer) && d1 !== undefined && c1 !== undefined)
        notes.unshift(`run 1: ${fmt(d1)} / ${fmt(c1)} ms = ${ratio({ dovecot: d1, chasqui: c1 })}`);
      const missing = servers.filter((s) => byServer[s].length > 0 && !Number.isFinite(value[s]));
      rows.push({
        what: `${label}: ${name}`,
        unit: 'ms',
        value,
        cpuMs,
        ...(notes.length ? { note: notes.join('; ') } : {}),
        ...(missing.length ? { failed: missing.join(', ') } : {}),
      });
    }
    for (const server of servers) {
      const error = failedText(server);
      if (error !== null)
        rows.push({ what: `${label} (${server})`, unit: '', value: {}, failed: `${server}: ${error}` });
    }
    return rows;
  }

  function buildRows(): Row[] {
    const rows: Row[] = [];
    // Login: time per login = 1 / rate, CPU per login.
    const logins = Object.fromEntries(servers.map((s) => [s, linesOf<LoginLine>('login', s)])) as Record<
      Server,
      LoginLine[]
    >;
    const keys = [...new Set(servers.flatMap((s) => logins[s].map((l) => `${l.driver}×${l.conns}`)))];
    for (const key of keys) {
      const value: Partial<Record<Server, number>> = {};
      const cpuMs: Partial<Record<Server, number>> = {};
      const notes: string[] = [];
      for (const server of servers) {
        const mine = logins[server].filter((l) => `${l.driver}×${l.conns}` === key);
        if (mine.length === 0) continue;
        value[server] = median(mine.map((l) => (l.perS > 0 ? 1000 / l.perS : NaN)));
        cpuMs[server] = median(
          mine.map((l) => ((l.servers[server]?.cpuS ?? NaN) * 1000) / Math.max(1, l.logins)),
        );
        const errors = mine.reduce((a, l) => a + l.errors, 0);
        if (errors > 0)
          notes.push(`${server}: ${errors} errors (${mine.find((l) => l.firstError)?.firstError ?? ''})`);
        notes.push(`${server} ${round(median(mine.map((l) => l.perS)), 0)}/s`);
      }
      const [driver, conns] = key.split('×');
      rows.push({
        what: `login rate, ${driver ?? ''} client, ${conns ?? ''} conn(s)`,
        unit: 'ms/login',
        value,
        cpuMs,
        note: notes.join('; '),
      });
    }
    for (const server of servers) {
      const error = failureOf('login', server);
      if (error !== null)
        rows.push({ what: `login (${server})`, unit: '', value: {}, failed: `${server}: ${error}` });
    }
    rows.push(...opsRows('ops-small', `${settings.smallCount.toLocaleString('en')} msgs`));
    if (settings.big) rows.push(...opsRows('ops-big', `${settings.bigCount.toLocaleString('en')} msgs`));
    // POP3.
    const pop = Object.fromEntries(servers.map((s) => [s, linesOf<PopLine>('pop3', s)])) as Record<
      Server,
      PopLine[]
    >;
    rows.push({
      what: `POP3 USER/PASS on ${settings.smallCount.toLocaleString('en')} msgs`,
      unit: 'ms',
      value: {
        dovecot: median(pop.dovecot.map((l) => l.loginMs)),
        chasqui: median(pop.chasqui.map((l) => l.loginMs)),
      },
    });
    rows.push({
      what: `POP3 RETR × ${settings.bodies.toLocaleString('en')}, one by one`,
      unit: 'ms',
      value: { dovecot: median(pop.dovecot.map((l) => l.ms)), chasqui: median(pop.chasqui.map((l) => l.ms)) },
      cpuMs: Object.fromEntries(
        servers.map((s) => [s, median(pop[s].map((l) => (l.servers[s]?.cpuS ?? NaN) * 1000))]),
      ) as Record<Server, number>,
    });
    for (const server of servers) {
      const error = failureOf('pop3', server);
      if (error !== null)
        rows.push({ what: `POP3 (${server})`, unit: '', value: {}, failed: `${server}: ${error}` });
    }
    // IDLE: open time per session, memory per session (Chasqui RSS vs Dovecot PSS), fan-out.
    const idle = Object.fromEntries(servers.map((s) => [s, linesOf<IdleLine>('idle', s)])) as Record<
      Server,
      IdleLine[]
    >;
    for (const n of settings.idleConns) {
      const at = (s: Server) => idle[s].find((l) => l.conns === n);
      const notes = servers.map((s) => {
        const l = at(s);
        if (!l) return `${s}: no result`;
        const w = l.withSessions[s];
        const errs = l.errors > 0 ? `, ${l.errors} errors (${l.firstError ?? ''})` : '';
        const fan = l.fanoutTimedOut ? `, fan-out timed out (${l.fanoutSeen} saw EXISTS)` : '';
        return `${s}: ${l.opened}/${n} open, ${w?.procs ?? '?'} procs, RSS ${fmt(w?.rssMb)} MB, PSS ${fmt(w?.pssMb)} MB, idle CPU ${fmt(l.idleCpu[s]?.cpuPct)}%${errs}${fan}`;
      });
      const opened = (s: Server) => {
        const l = at(s);
        return l && l.opened > 0 ? l : undefined;
      };
      const dov = opened('dovecot');
      const chq = opened('chasqui');
      const none = servers.filter((s) => at(s) && !opened(s));
      rows.push({
        what: `${n} IDLE sessions: open (per session)`,
        unit: 'ms',
        ...(none.length ? { failed: none.map((s) => `${s}: no session opened`).join(', ') } : {}),
        value: {
          ...(dov ? { dovecot: (dov.openS * 1000) / Math.max(1, dov.opened) } : {}),
          ...(chq ? { chasqui: (chq.openS * 1000) / Math.max(1, chq.opened) } : {}),
        },
        note: notes.join('; '),
      });
      rows.push({
        what: `${n} IDLE sessions: memory per session (Chasqui RSS, Dovecot PSS)`,
        unit: 'KB',
        value: {
          ...(dov ? { dovecot: dov.perSession['dovecot']?.pssKb ?? NaN } : {}),
          ...(chq ? { chasqui: chq.perSession['chasqui']?.rssKb ?? NaN } : {}),
        },
        ...(dov ? { note: `Dovecot RSS per session ${fmt(dov.perSession['dovecot']?.rssKb)} KB` } : {}),
      });
      rows.push({
        what: `${n} IDLE sessions: APPEND → EXISTS at every client`,
        unit: 'ms',
        value: {
          ...(dov ? { dovecot: dov.fanoutMs } : {}),
          ...(chq ? { chasqui: chq.fanoutMs } : {}),
        },
      });
    }
    for (const server of servers) {
      const error = failureOf('idle', server);
      if (error !== null)
        rows.push({ what: `IDLE (${server})`, unit: '', value: {}, failed: `${server}: ${error}` });
    }
    return rows;
  }

  function table(rows: readonly Row[]): string {
    const out = [
      '| operation | unit | Dovecot | Chasqui | **Chasqui ÷ Dovecot** | CPU ms Dovecot | CPU ms Chasqui | CPU ratio | notes |',
      '|---|---|---:|---:|---:|---:|---:|---:|---|',
    ];
    for (const r of rows) {
      if (r.failed !== undefined && Object.keys(r.value).length === 0) {
        out.push(`| ${r.what} | | | **FAILED** | | | | | ${r.failed} |`);
        continue;
      }
      out.push(
        `| ${r.what}${r.failed ? ` (**failed: ${r.failed}**)` : ''} | ${r.unit} | ${fmt(r.value.dovecot)} | ${fmt(r.value.chasqui)} | ${ratio(r.value)} | ${fmt(r.cpuMs?.dovecot)} | ${fmt(r.cpuMs?.chasqui)} | ${r.cpuMs ? ratio(r.cpuMs) : ''} | ${r.note ?? ''} |`,
      );
    }
    return out.join('\n');
  }

  function populateSummary(): string {
    const parts: string[] = [];
    for (const step of ['populate-small', 'populate-small-batch8', 'populate-big', 'populate-big-batch8'])
      for (const server of servers)
        for (const l of linesOf<PopulateLine>(step, server))
          if (l.appended > 0)
            parts.push(`${server} ${step}: ${l.appended} appended at ${round(l.perS, 0)}/s`);
    return parts.join('; ');
  }

  return { table: table(buildRows()), populate: populateSummary() };
}
