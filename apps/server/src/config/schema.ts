// The configuration schema (ARCHITECTURE.md §8): one TOML file, every key overridable by
// environment, validated at start. Defaults are the development ones.
import { Type, type Static, type TOptional } from '@sinclair/typebox';

const port = Type.Integer({ minimum: 0, maximum: 65535, description: 'an integer 0–65535' });

const listener = Type.Object(
  { port: Type.Optional(port), enabled: Type.Optional(Type.Boolean({ description: 'true or false' })) },
  { additionalProperties: false },
);

/** Development ports; production examples use the standard ones. */
export const defaultPorts = {
  smtp: 2525,
  submission: 2587,
  submissions: 2465,
  imap: 2143,
  imaps: 2993,
  pop3: 2110,
  pop3s: 2995,
  sieve: 4190,
  http: 8080,
  https: 8443,
} as const;
export type ListenerName = keyof typeof defaultPorts;
export const listenerNames = Object.keys(defaultPorts) as ListenerName[];

const count = (minimum: number) => Type.Integer({ minimum, description: `an integer ≥ ${minimum}` });
const flag = Type.Boolean({ description: 'true or false' });

const smtpSection = Type.Object(
  {
    max_message_size: Type.Optional(count(1024)),
    max_recipients: Type.Optional(count(1)),
    max_clients: Type.Optional(count(1)),
    max_connections_per_ip: Type.Optional(count(1)),
    max_connection_rate: Type.Optional(count(1)),
    timeout_seconds: Type.Optional(count(5)),
    trusted_proxies: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    reverse_dns: Type.Optional(flag),
    quota_full: Type.Optional(
      Type.Union([Type.Literal('defer'), Type.Literal('reject')], { description: '"defer" or "reject"' }),
    ),
  },
  { additionalProperties: false },
);

const deliverySection = Type.Object(
  {
    routes: Type.Optional(Type.Record(Type.String(), Type.String({ pattern: '^[^\\s:]+(:\\d+)?$' }))),
    smart_host: Type.Optional(
      Type.String({ pattern: '^[^\\s:]+(:\\d+)?$', description: 'host or host:port' }),
    ),
    smart_host_user: Type.Optional(Type.String()),
    smart_host_password: Type.Optional(Type.String()),
    smart_host_tls: Type.Optional(flag),
    retry_first_seconds: Type.Optional(count(1)),
    retry_max_seconds: Type.Optional(count(1)),
    max_age_hours: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'a positive number' })),
    warn_after_hours: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'a positive number' })),
    per_domain_concurrency: Type.Optional(count(1)),
    mta_sts: Type.Optional(flag),
  },
  { additionalProperties: false },
);

export const configSchema = Type.Object(
  {
    server: Type.Object(
      {
        hostname: Type.Optional(Type.String({ minLength: 1 })),
        data_dir: Type.Optional(Type.String({ minLength: 1 })),
        host: Type.Optional(Type.String({ minLength: 1 })),
        mode: Type.Optional(
          Type.Union([Type.Literal('development'), Type.Literal('production')], {
            description: '"development" or "production"',
          }),
        ),
        workers: Type.Optional(
          Type.Integer({ minimum: 0, maximum: 64, description: 'an integer 0–64 (0: one per CPU core)' }),
        ),
      },
      { additionalProperties: false },
    ),
    store: Type.Object(
      {
        backend: Type.Optional(
          Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')], {
            description: '"sqlite" or "postgres"',
          }),
        ),
        postgres_url: Type.Optional(Type.String({ minLength: 1 })),
        postgres_schema: Type.Optional(Type.String({ pattern: '^[a-z_][a-z0-9_]{0,62}$' })),
        blob_dir: Type.Optional(Type.String({ minLength: 1 })),
      },
      { additionalProperties: false },
    ),
    listeners: Type.Object(
      Object.fromEntries(listenerNames.map((name) => [name, Type.Optional(listener)])) as Record<
        ListenerName,
        TOptional<typeof listener>
      >,
      { additionalProperties: false },
    ),
    tls: Type.Object(
      {
        certificates: Type.Optional(
          Type.Array(
            Type.Object(
              { cert: Type.String({ minLength: 1 }), key: Type.String({ minLength: 1 }) },
              { additionalProperties: false },
            ),
          ),
        ),
      },
      { additionalProperties: false },
    ),
    smtp: smtpSection,
    delivery: deliverySection,
    log: Type.Object(
      {
        level: Type.Optional(
          Type.Union(
            ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
            { description: 'one of fatal, error, warn, info, debug, trace, silent' },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    webmail: Type.Object(
      // The remote-image proxy may reach private and local addresses (images on an intranet host).
      { image_proxy_private_networks: Type.Optional(flag) },
      { additionalProperties: false },
    ),
    admin: Type.Object(
      { initial_address: Type.Optional(Type.String({ minLength: 3 })) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export type RawConfig = Static<typeof configSchema>;
