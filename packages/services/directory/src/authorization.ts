// can(actor, action, target) (ARCHITECTURE.md §6): roles are sets of capabilities, kept as data,
// and a domain admin's rights stop at their domains. One pure function for every front-end.

export type Role = 'global-admin' | 'domain-admin' | 'helpdesk' | 'monitor' | 'user';

export type Action =
  | 'domain.manage'
  | 'account.manage'
  | 'account.password.reset'
  | 'alias.manage'
  | 'group.manage'
  | 'mail.read'
  | 'messagelog.read'
  | 'audit.read'
  | 'self.password.change'
  | 'self.mail';

export interface Actor {
  readonly address: string;
  readonly role: Role;
  /** Domains a domain admin, helpdesk or monitor may act on; ignored for global admins. */
  readonly domains?: readonly string[];
  /** Capabilities withheld from this actor even though the role grants them (e.g. mail.read). */
  readonly withheld?: readonly Action[];
}

export interface Target {
  /** Domain of the object acted on, when it has one. */
  readonly domain?: string;
  /** Address of the account acted on, when it is one. */
  readonly address?: string;
}

const roleCapabilities: Readonly<Record<Role, readonly Action[]>> = {
  'global-admin': [
    'domain.manage',
    'account.manage',
    'account.password.reset',
    'alias.manage',
    'group.manage',
    'mail.read',
    'messagelog.read',
    'audit.read',
    'self.password.change',
    'self.mail',
  ],
  'domain-admin': [
    'account.manage',
    'account.password.reset',
    'alias.manage',
    'group.manage',
    'messagelog.read',
    'self.password.change',
    'self.mail',
  ],
  helpdesk: ['account.password.reset', 'self.password.change', 'self.mail'],
  monitor: ['messagelog.read', 'self.password.change', 'self.mail'],
  user: ['self.password.change', 'self.mail'],
};

const selfActions: ReadonlySet<Action> = new Set(['self.password.change', 'self.mail']);

/** True when `actor` may perform `action` on `target`. */
export function can(actor: Actor, action: Action, target: Target = {}): boolean {
  if (!roleCapabilities[actor.role].includes(action)) return false;
  if (actor.withheld?.includes(action)) return false;
  if (selfActions.has(action)) return target.address === undefined || target.address === actor.address;
  if (actor.role === 'global-admin') return true;
  return target.domain !== undefined && (actor.domains ?? []).includes(target.domain);
}
