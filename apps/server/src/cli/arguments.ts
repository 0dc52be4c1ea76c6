// Shared option parsing for every verb: --data, --config, --json and --help everywhere.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cli-error.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

const commonOptions: OptionSpec = {
  data: { type: 'string' },
  config: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

export interface ParsedArguments {
  readonly positionals: string[];
  readonly values: Record<string, string | boolean | undefined>;
}

/** Parses a verb's arguments; unknown options are a UsageError naming them. */
export function parseVerbArguments(args: readonly string[], options: OptionSpec = {}): ParsedArguments {
  try {
    const parsed = parseArgs({
      args: [...args],
      options: { ...commonOptions, ...options },
      allowPositionals: true,
      strict: true,
    });
    return {
      positionals: parsed.positionals,
      values: parsed.values as Record<string, string | boolean | undefined>,
    };
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
}

/** The environment with --data applied, so the config loader sees one source of truth. */
export function environmentWith(values: ParsedArguments['values']): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (typeof values['data'] === 'string') env['CHASQUI_DATA'] = values['data'];
  return env;
}

/** Parses sizes such as `500M`, `2G`, `1048576` into bytes. */
export function parseSize(input: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?$/i.exec(input.trim());
  if (!match?.[1]) throw new UsageError(`invalid size "${input}" (examples: 500M, 2G)`);
  const exponent = ' KMGT'.indexOf((match[2] ?? '').toUpperCase() || ' ');
  return Math.round(Number(match[1]) * 1024 ** exponent);
}

/** Formats bytes for people: 1.5 GiB. */
export function formatSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit] ?? 'B'}`;
}
