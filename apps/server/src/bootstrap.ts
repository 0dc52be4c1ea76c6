// First start: with no domain yet, create the primary domain and an administrator so that a
// fresh install is usable at once. Later starts change nothing.
import { randomBytes } from 'node:crypto';
import type { Logger } from '@chasqui/core';
import type { Config } from './config/load-config.js';
import type { Services } from './services.js';

/** `mail.example.test` → `example.test`; a two-label host name is its own domain. */
export function primaryDomainOf(hostname: string): string {
  const labels = hostname.toLowerCase().split('.');
  return labels.length > 2 ? labels.slice(1).join('.') : labels.join('.');
}

export interface BootstrapResult {
  readonly domain: string;
  readonly adminAddress: string;
  /** Set when the password was generated: the caller shows it once. */
  readonly generatedPassword: string | null;
}

/** Creates the primary domain and administrator when the directory is empty; otherwise null. */
export async function bootstrapFirstStart(
  services: Services,
  config: Config,
  adminPassword: string | undefined,
  logger: Logger,
): Promise<BootstrapResult | null> {
  if ((await services.directory.listDomains()).length > 0) return null;
  const adminAddress = config.adminAddress ?? `admin@${primaryDomainOf(config.hostname)}`;
  const domain = adminAddress.slice(adminAddress.lastIndexOf('@') + 1);
  const password = adminPassword ?? randomBytes(15).toString('base64url');
  await services.directory.addDomain(domain, { actor: 'bootstrap' });
  await services.delivery.ensureDkimKeys(domain);
  const account = await services.directory.addAccount(
    { address: adminAddress, password, displayName: 'Administrador', role: 'admin' },
    { actor: 'bootstrap' },
  );
  await services.mail.ensureDefaultMailboxes(account.id);
  logger.info({ domain, admin: account.address }, 'bootstrap.created');
  return {
    domain,
    adminAddress: account.address,
    generatedPassword: adminPassword === undefined ? password : null,
  };
}

/** The banner shown once on stdout when the administrator's password was generated. */
export function formatAdminBanner(result: BootstrapResult): string {
  const rule = '='.repeat(72);
  return [
    rule,
    ` Chasqui: first start. Domain ${result.domain} and its administrator were created.`,
    `   address:  ${result.adminAddress}`,
    `   password: ${result.generatedPassword ?? '(from CHASQUI_ADMIN_PASSWORD)'}`,
    ' This password is shown only now. Change it with: chasqui user passwd ADDRESS',
    rule,
    '',
  ].join('\n');
}
