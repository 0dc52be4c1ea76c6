// The `chasqui` command line: one typed registry of verbs, one place that turns failures into a
// single line on stderr and an exit code (2 usage/config, 1 operation failure).
import { isChasquiError } from '@chasqui/core';
import { ConfigError } from '../config/load-config.js';
import { aliasVerb } from './alias.js';
import { cosVerb } from './cos.js';
import { dkimVerb } from './dkim.js';
import { logVerb } from './log.js';
import { queueVerb } from './queue.js';
import { UsageError } from './cli-error.js';
import { doctorVerb } from './doctor.js';
import { domainVerb } from './domain.js';
import { serveVerb } from './serve.js';
import { userVerb } from './user.js';
import type { Verb } from './verb.js';

type VerbName = 'serve' | 'domain' | 'user' | 'alias' | 'cos' | 'dkim' | 'queue' | 'log' | 'doctor';

const verbs: ReadonlyMap<VerbName, Verb> = new Map<VerbName, Verb>([
  ['serve', serveVerb],
  ['domain', domainVerb],
  ['user', userVerb],
  ['alias', aliasVerb],
  ['cos', cosVerb],
  ['dkim', dkimVerb],
  ['queue', queueVerb],
  ['log', logVerb],
  ['doctor', doctorVerb],
]);

function isVerbName(name: string): name is VerbName {
  return verbs.has(name as VerbName);
}

function overview(): string {
  const lines = [...verbs.values()].map((verb) => `  ${verb.name.padEnd(8)} ${verb.summary}`);
  return ['usage: chasqui <verb> [options]   (chasqui <verb> --help)', '', ...lines, ''].join('\n');
}

/** Maps a failure to its one line and exit code. */
function describeFailure(error: unknown): { line: string; code: number } {
  if (error instanceof ConfigError) return { line: `config error: ${error.message}`, code: 2 };
  if (error instanceof UsageError) return { line: error.message, code: 2 };
  if (isChasquiError(error)) return { line: error.message, code: 1 };
  return { line: error instanceof Error ? error.message : String(error), code: 1 };
}

/** Runs one command line; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(overview());
    return name === undefined ? 2 : 0;
  }
  if (!isVerbName(name)) {
    process.stderr.write(`chasqui: unknown verb "${name}"\n${overview()}`);
    return 2;
  }
  const verb = verbs.get(name);
  if (verb === undefined) return 2;
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`usage: ${verb.usage}\n`);
    return 0;
  }
  try {
    return await verb.run(rest);
  } catch (error) {
    const { line, code } = describeFailure(error);
    process.stderr.write(`chasqui: ${line}\n`);
    return code;
  }
}

// Exit explicitly: a verb may leave idle handles (pools, watchers) that would keep the process up.
process.exit(await main(process.argv.slice(2)));
