// The checks behind `chasqui doctor`: each returns a status and one line of detail.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { silentLogger } from '@chasqui/core';
import { TlsManager } from '@chasqui/net';
import type { Config } from '../config/load-config.js';
import { listenerNames } from '../config/schema.js';

export interface CheckResult {
  readonly check: string;
  readonly status: 'ok' | 'warn' | 'fail' | 'skip';
  readonly detail: string;
}

const expiryWarningDays = 14;
const dayMs = 86_400_000;

/** The data directory exists (or can be made) and accepts a write. */
export function checkDataDir(config: Config): CheckResult {
  try {
    mkdirSync(config.dataDir, { recursive: true });
    const probe = join(config.dataDir, `.doctor-${process.pid}`);
    writeFileSync(probe, 'ok');
    rmSync(probe);
    return { check: 'data dir', status: 'ok', detail: `${config.dataDir} is writable` };
  } catch (error) {
    return { check: 'data dir', status: 'fail', detail: `${config.dataDir}: ${(error as Error).message}` };
  }
}

function tryBind(host: string, port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code ?? error.message);
    });
    server.listen(port, host, () => {
      server.close(() => {
        resolve(null);
      });
    });
  });
}

/** True when a Chasqui answers /health on the configured HTTP port (then its ports are expected to be taken). */
async function isChasquiRunning(config: Config): Promise<boolean> {
  const { http } = config.listeners;
  if (!http.enabled || http.port === 0) return false;
  try {
    const response = await fetch(`http://${config.host}:${http.port}/health`, {
      signal: AbortSignal.timeout(2000),
    });
    const body = (await response.json()) as { components?: unknown };
    return typeof body.components === 'object';
  } catch {
    return false;
  }
}

/** Every enabled listener's port can be bound, or is held by the running Chasqui. */
export async function checkPorts(config: Config): Promise<CheckResult[]> {
  const running = await isChasquiRunning(config);
  const results: CheckResult[] = [];
  for (const name of listenerNames) {
    const { port, enabled } = config.listeners[name];
    const check = `port ${name}`;
    const where = `${config.host}:${port}`;
    if (!enabled) results.push({ check, status: 'skip', detail: `${where} disabled` });
    else if (port === 0)
      results.push({ check, status: 'skip', detail: 'port 0: chosen by the system at start' });
    else {
      const problem = await tryBind(config.host, port);
      if (problem === null) results.push({ check, status: 'ok', detail: `${where} can be bound` });
      else if (problem === 'EADDRINUSE' && running)
        results.push({ check, status: 'skip', detail: `${where} held by the running Chasqui` });
      else results.push({ check, status: 'fail', detail: `${where} cannot be bound (${problem})` });
    }
  }
  return results;
}

/** Certificates are readable, match their keys, and do not expire within 14 days. */
export function checkTls(config: Config, now: number): CheckResult[] {
  const pairs =
    config.tlsCertificates.length > 0
      ? config.tlsCertificates
      : [
          {
            cert: join(config.dataDir, 'tls', 'self-signed.crt'),
            key: join(config.dataDir, 'tls', 'self-signed.key'),
          },
        ];
  const isSelfSigned = config.tlsCertificates.length === 0;
  return pairs.map((pair) => {
    let validTo: Date;
    let names: readonly string[];
    try {
      const [info] = TlsManager.fromFiles([pair], silentLogger).describe();
      if (info === undefined) throw new Error('no certificate');
      ({ validTo, hostNames: names } = info);
    } catch (error) {
      if (isSelfSigned)
        return {
          check: 'tls',
          status: 'warn',
          detail: 'no certificate configured: a self-signed one is made at first start',
        };
      return { check: 'tls', status: 'fail', detail: (error as Error).message };
    }
    const daysLeft = Math.floor((validTo.getTime() - now) / dayMs);
    const label = `${pair.cert} (${names.join(', ')})`;
    if (daysLeft < expiryWarningDays)
      return {
        check: 'tls',
        status: 'fail',
        detail: `${label} expires in ${daysLeft} days (${validTo.toISOString()})`,
      };
    const kind = isSelfSigned ? 'self-signed, development only; ' : '';
    return {
      check: 'tls',
      status: isSelfSigned ? 'warn' : 'ok',
      detail: `${label} ${kind}valid ${daysLeft} more days`,
    };
  });
}
