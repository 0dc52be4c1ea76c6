// `chasqui user add|list|show|passwd|del`
import { randomBytes } from 'node:crypto';
import { ChasquiError } from '@chasqui/core';
import type { Account } from '@chasqui/store';
import { formatSize, parseSize, parseVerbArguments, type ParsedArguments } from './arguments.js';
import { UsageError } from './cli-error.js';
import { printTable, type Verb } from './verb.js';
import { withServices } from './with-services.js';
import type { Services } from '../services.js';

const options = {
  password: { type: 'string' },
  name: { type: 'string' },
  quota: { type: 'string' },
} as const;

/** A password the policy accepts, for when none is given: printed once. */
function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

function describe(account: Account): Record<string, unknown> {
  return {
    address: account.address,
    displayName: account.displayName,
    role: account.role,
    state: account.state,
    quotaBytes: account.quotaBytes,
    usedBytes: account.usedBytes,
    messageCount: account.messageCount,
    createdAt: new Date(account.createdAt).toISOString(),
  };
}

async function addUser(services: Services, parsed: ParsedArguments, address: string): Promise<void> {
  const given = parsed.values['password'];
  const password = typeof given === 'string' ? given : generatePassword();
  const quota = parsed.values['quota'];
  const account = await services.directory.addAccount(
    {
      address,
      password,
      ...(typeof parsed.values['name'] === 'string' ? { displayName: parsed.values['name'] } : {}),
      ...(typeof quota === 'string' ? { quotaBytes: parseSize(quota) } : {}),
    },
    { actor: 'cli' },
  );
  await services.mail.ensureDefaultMailboxes(account.id);
  if (parsed.values['json'])
    console.log(JSON.stringify({ ...describe(account), ...(given === undefined ? { password } : {}) }));
  else
    console.log(
      `user ${account.address} added${given === undefined ? `; password (shown once): ${password}` : ''}`,
    );
}

async function listUsers(
  services: Services,
  parsed: ParsedArguments,
  domain: string | undefined,
): Promise<void> {
  const accounts = await services.directory.listAccounts(domain);
  if (parsed.values['json']) {
    console.log(JSON.stringify(accounts.map(describe)));
    return;
  }
  printTable(
    ['ADDRESS', 'NAME', 'STATE', 'USED', 'QUOTA'],
    accounts.map((a) => [
      a.address,
      a.displayName,
      a.state,
      formatSize(a.usedBytes),
      a.quotaBytes === null ? 'unlimited' : formatSize(a.quotaBytes),
    ]),
  );
}

async function runAction(services: Services, parsed: ParsedArguments): Promise<void> {
  const [action, address] = parsed.positionals;
  if (action === 'add' && address) return addUser(services, parsed, address);
  if (action === 'list') return listUsers(services, parsed, address);
  if (action === 'show' && address) {
    const account = await services.directory.getAccount(address);
    if (!account) throw new ChasquiError('NOT_FOUND', `no such user: ${address}`);
    console.log(
      parsed.values['json']
        ? JSON.stringify(describe(account))
        : Object.entries(describe(account))
            .map(([k, v]) => `${k}: ${String(v)}`)
            .join('\n'),
    );
    return;
  }
  if (action === 'passwd' && address) {
    const given = parsed.values['password'];
    const password = typeof given === 'string' ? given : generatePassword();
    await services.directory.setPassword(address, password, { actor: 'cli' });
    console.log(
      `password of ${address} changed${given === undefined ? `; new password (shown once): ${password}` : ''}`,
    );
    return;
  }
  if (action === 'del' && address) {
    await services.directory.deleteAccount(address, { actor: 'cli' });
    console.log(`user ${address} deleted with all its mail`);
    return;
  }
  throw new UsageError(`usage: ${userVerb.usage}`);
}

export const userVerb: Verb = {
  name: 'user',
  summary: 'add, list, show, change the password of, or delete accounts',
  usage:
    'chasqui user add ADDRESS [--password P] [--name N] [--quota 2G] | list [DOMAIN] | show ADDRESS | passwd ADDRESS [--password P] | del ADDRESS  [--data DIR] [--json]',
  async run(args) {
    const parsed = parseVerbArguments(args, options);
    await withServices(parsed, (services) => runAction(services, parsed));
    return 0;
  },
};
