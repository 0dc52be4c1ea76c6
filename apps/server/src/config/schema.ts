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
    admin: Type.Object(
      { initial_address: Type.Optional(Type.String({ minLength: 3 })) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export type RawConfig = Static<typeof configSchema>;
