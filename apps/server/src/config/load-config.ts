// Reads chasqui.toml, applies CHASQUI_* overrides and validates; any problem is one ConfigError
// naming the key, which the CLI prints as one line before exiting with code 2.
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { parse as parseToml } from 'smol-toml';
import { configSchema, defaultPorts, listenerNames, type ListenerName, type RawConfig } from './schema.js';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface ListenerConfig {
  readonly port: number;
  readonly enabled: boolean;
}

export interface Config {
  readonly hostname: string;
  readonly dataDir: string;
  readonly host: string;
  readonly mode: 'development' | 'production';
  /** Server processes sharing the listeners (`serve --workers N`); 1 runs everything in one. */
  readonly workers: number;
  readonly store:
    | { readonly backend: 'sqlite' }
    | {
        readonly backend: 'postgres';
        readonly postgresUrl: string;
        readonly postgresSchema: string;
        readonly blobDir: string;
      };
  readonly listeners: Readonly<Record<ListenerName, ListenerConfig>>;
  readonly tlsCertificates: readonly { cert: string; key: string }[];
  readonly smtp: SmtpSettings;
  readonly delivery: DeliverySettings;
  readonly logLevel: string;
  readonly adminAddress: string | null;
  /** The webmail's remote-image proxy may fetch from private and local addresses (default no). */
  readonly imageProxyPrivateNetworks: boolean;
  /** The file read, or null when running on defaults. */
  readonly file: string | null;
}

export interface SmtpSettings {
  readonly maxMessageBytes: number;
  readonly maxRecipients: number;
  readonly maxClients: number;
  readonly maxConnectionsPerIp: number;
  readonly maxConnectionRatePerMinute: number;
  readonly timeoutMs: number;
  readonly trustedProxies: readonly string[];
  readonly reverseDns: boolean;
  readonly quotaFull: 'defer' | 'reject';
}

export interface DeliverySettings {
  readonly routes: Readonly<Record<string, string>>;
  readonly smartHost: {
    readonly host: string;
    readonly port: number;
    readonly secure: boolean;
    readonly auth?: { readonly user: string; readonly pass: string };
  } | null;
  readonly retryFirstMs: number;
  readonly retryMaxMs: number;
  readonly maxAgeMs: number;
  readonly warnAfterMs: number;
  readonly perDomainConcurrency: number;
  readonly mtaSts: boolean;
}

type Section = Record<string, unknown>;
const sections = [
  'server',
  'store',
  'listeners',
  'tls',
  'smtp',
  'delivery',
  'log',
  'webmail',
  'admin',
] as const;
/** Variables that are not configuration keys. */
// CHASQUI_WORKER_INDEX is set by `serve --workers N` for each worker it forks.
const reservedVariables = new Set(['CHASQUI_CONFIG', 'CHASQUI_ADMIN_PASSWORD', 'CHASQUI_WORKER_INDEX']);
const shortcuts: Readonly<Record<string, [string, string]>> = {
  CHASQUI_DATA: ['server', 'data_dir'],
  CHASQUI_HOST: ['server', 'host'],
  CHASQUI_LOG_LEVEL: ['log', 'level'],
  CHASQUI_WORKERS: ['server', 'workers'],
};

function readToml(file: string): Section {
  try {
    return parseToml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${file}: ${(error as Error).message.split('\n')[0] ?? 'unreadable'}`, {
      cause: error,
    });
  }
}

function schemaNode(path: string[]): { type?: string; description?: string } | undefined {
  let node: unknown = configSchema;
  for (const step of path) {
    const properties = (node as { properties?: Record<string, unknown> }).properties;
    node = properties?.[step];
  }
  return node as { type?: string; description?: string } | undefined;
}

function coerce(variable: string, raw: string, path: string[]): unknown {
  const schema = schemaNode(path);
  const type = schema?.type;
  if (type === 'integer' || type === 'number') {
    if (!/^\d+(\.\d+)?$/.test(raw))
      throw new ConfigError(`${variable}: must be ${schema?.description ?? 'a number'} (got "${raw}")`);
    return Number(raw);
  }
  if (type === 'boolean') {
    if (raw !== 'true' && raw !== 'false')
      throw new ConfigError(`${variable}: must be true or false (got "${raw}")`);
    return raw === 'true';
  }
  if (type === 'array')
    return raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  if (type === 'object') throw new ConfigError(`${variable}: a table; set it in chasqui.toml`);
  return raw;
}

/** Maps a CHASQUI_* variable to [section path…, key], or throws for an unknown one. */
function targetOf(variable: string): string[] {
  const shortcut = shortcuts[variable];
  if (shortcut) return shortcut;
  const rest = variable.slice('CHASQUI_'.length).toLowerCase();
  const listener = listenerNames.find((name) => rest === `${name}_port` || rest === `${name}_enabled`);
  if (listener) return ['listeners', listener, rest.slice(listener.length + 1)];
  const section = sections.find(
    (name) => rest.startsWith(`${name}_`) && name !== 'listeners' && name !== 'tls',
  );
  if (section) return [section, rest.slice(section.length + 1)];
  throw new ConfigError(`${variable}: unknown environment variable`);
}

function applyEnvironment(config: Section, env: NodeJS.ProcessEnv): void {
  for (const [variable, raw] of Object.entries(env)) {
    if (!variable.startsWith('CHASQUI_') || raw === undefined) continue;
    if (reservedVariables.has(variable) || variable.startsWith('CHASQUI_TEST_')) continue;
    const path = targetOf(variable);
    let node = config;
    for (const step of path.slice(0, -1)) {
      const next = (node[step] ??= {}) as Section;
      node = next;
    }
    node[path[path.length - 1] ?? ''] = coerce(variable, raw, path);
  }
}

function validate(config: Section): RawConfig {
  const error = Value.Errors(configSchema, config).First();
  if (!error) return config as RawConfig;
  const path = error.path.replace(/^\//, '').replaceAll('/', '.') || '(root)';
  if (error.message.startsWith('Unexpected property')) throw new ConfigError(`${path}: unknown key`);
  const got = error.value === undefined ? '' : ` (got ${JSON.stringify(error.value)})`;
  // The schema's description reads as the rule ("an integer 0–65535"); else TypeBox's message.
  const description = error.schema.description;
  const message = description === undefined ? error.message.toLowerCase() : `must be ${description}`;
  throw new ConfigError(`${path}: ${message}${got}`);
}

function resolveListeners(raw: RawConfig): Record<ListenerName, ListenerConfig> {
  const listeners = {} as Record<ListenerName, ListenerConfig>;
  for (const name of listenerNames) {
    const entry = raw.listeners[name];
    listeners[name] = { port: entry?.port ?? defaultPorts[name], enabled: entry?.enabled ?? true };
  }
  return listeners;
}

function parseHostPort(value: string, defaultPort: number): { host: string; port: number } {
  const [host = value, port] = value.split(':');
  return { host, port: port === undefined ? defaultPort : Number(port) };
}

function resolveSmtp(raw: RawConfig, mode: Config['mode']): SmtpSettings {
  const smtp = raw.smtp;
  return {
    maxMessageBytes: smtp.max_message_size ?? 50 * 1024 * 1024,
    maxRecipients: smtp.max_recipients ?? 500,
    maxClients: smtp.max_clients ?? 1000,
    maxConnectionsPerIp: smtp.max_connections_per_ip ?? 20,
    maxConnectionRatePerMinute: smtp.max_connection_rate ?? 120,
    timeoutMs: (smtp.timeout_seconds ?? 120) * 1000,
    trustedProxies: smtp.trusted_proxies ?? [],
    reverseDns: smtp.reverse_dns ?? mode === 'production',
    quotaFull: smtp.quota_full ?? 'defer',
  };
}

function resolveDelivery(raw: RawConfig): DeliverySettings {
  const delivery = raw.delivery;
  const secure = delivery.smart_host_tls ?? false;
  const smartHost =
    delivery.smart_host === undefined
      ? null
      : {
          ...parseHostPort(delivery.smart_host, secure ? 465 : 587),
          secure,
          ...(delivery.smart_host_user === undefined
            ? {}
            : { auth: { user: delivery.smart_host_user, pass: delivery.smart_host_password ?? '' } }),
        };
  return {
    routes: Object.fromEntries(Object.entries(delivery.routes ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    smartHost,
    retryFirstMs: (delivery.retry_first_seconds ?? 300) * 1000,
    retryMaxMs: (delivery.retry_max_seconds ?? 4 * 3600) * 1000,
    maxAgeMs: (delivery.max_age_hours ?? 120) * 3_600_000,
    warnAfterMs: (delivery.warn_after_hours ?? 4) * 3_600_000,
    perDomainConcurrency: delivery.per_domain_concurrency ?? 5,
    mtaSts: delivery.mta_sts ?? true,
  };
}

/** 0 means one worker per CPU core, the production default; development runs in one process. */
function resolveWorkers(requested: number): number {
  return requested === 0 ? availableParallelism() : requested;
}

/** Loads the configuration for `options.file` (or CHASQUI_CONFIG, or ./chasqui.toml if present). */
export function loadConfig(
  options: { file?: string | undefined; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Config {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const requested = options.file ?? env['CHASQUI_CONFIG'];
  const file =
    requested !== undefined
      ? resolve(cwd, requested)
      : existsSync(resolve(cwd, 'chasqui.toml'))
        ? resolve(cwd, 'chasqui.toml')
        : null;
  if (file !== null && !existsSync(file)) throw new ConfigError(`${file}: no such file`);
  const config: Section = file === null ? {} : readToml(file);
  for (const section of sections) config[section] ??= {};
  applyEnvironment(config, env);
  const raw = validate(config);
  const mode = raw.server.mode ?? 'development';
  const dataDir = resolve(cwd, raw.server.data_dir ?? './data');
  const store: Config['store'] =
    raw.store.backend === 'postgres'
      ? {
          backend: 'postgres',
          postgresUrl: raw.store.postgres_url ?? 'postgres://127.0.0.1:5432/chasqui',
          postgresSchema: raw.store.postgres_schema ?? 'chasqui',
          blobDir: resolve(cwd, raw.store.blob_dir ?? `${dataDir}/blobs`),
        }
      : { backend: 'sqlite' };
  return {
    hostname: raw.server.hostname ?? 'mail.example.test',
    dataDir,
    host: raw.server.host ?? (mode === 'production' ? '0.0.0.0' : '127.0.0.1'),
    mode,
    workers: resolveWorkers(raw.server.workers ?? (mode === 'production' ? 0 : 1)),
    store,
    listeners: resolveListeners(raw),
    tlsCertificates: (raw.tls.certificates ?? []).map((pair) => ({
      cert: resolve(cwd, pair.cert),
      key: resolve(cwd, pair.key),
    })),
    smtp: resolveSmtp(raw, mode),
    delivery: resolveDelivery(raw),
    logLevel: raw.log.level ?? 'info',
    adminAddress: raw.admin.initial_address ?? null,
    imageProxyPrivateNetworks: raw.webmail.image_proxy_private_networks ?? false,
    file,
  };
}
