// Classes of service (ARCHITECTURE.md §6): named limits that accounts inherit, and the limits
// that apply to one account (its own, else its class's, else the server's defaults).
import { ChasquiError, type Clock } from '@chasqui/core';
import type { Account, ClassOfService, ClassOfServiceLimits, Store } from '@chasqui/store';

export interface EffectiveLimits {
  readonly maxRecipients: number | null;
  readonly maxMessageBytes: number | null;
  readonly quotaBytes: number | null;
  readonly maxSentPerHour: number | null;
}

const namePattern = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export class ClassesOfService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async add(name: string, limits: ClassOfServiceLimits, actor = 'system'): Promise<ClassOfService> {
    if (!namePattern.test(name)) {
      throw new ChasquiError('INVALID_ARGUMENT', `class of service name "${name}": use a-z, 0-9, - and _`);
    }
    validateLimits(limits);
    const cos = await this.store.classesOfService.create(name, limits);
    await this.audit(actor, 'cos.add', name, { ...limits });
    return cos;
  }

  list(): Promise<ClassOfService[]> {
    return this.store.classesOfService.list();
  }

  async update(name: string, limits: ClassOfServiceLimits, actor = 'system'): Promise<ClassOfService> {
    validateLimits(limits);
    const cos = await this.require(name);
    const updated = await this.store.classesOfService.update(cos.id, limits);
    await this.audit(actor, 'cos.update', name, { ...limits });
    return updated;
  }

  async delete(name: string, actor = 'system'): Promise<void> {
    const cos = await this.require(name);
    await this.store.classesOfService.delete(cos.id);
    await this.audit(actor, 'cos.delete', name);
  }

  /** Puts an account in a class (or back on the defaults with null). */
  async assign(address: string, name: string | null, actor = 'system'): Promise<void> {
    const account = await this.store.accounts.getByAddress(address.toLowerCase());
    if (!account) throw new ChasquiError('NOT_FOUND', `account ${address} does not exist`);
    const cos = name === null ? null : await this.require(name);
    await this.store.accounts.update(account.id, { cosId: cos?.id ?? null });
    await this.audit(actor, 'cos.assign', address, { cos: name });
  }

  /** The account's own quota wins; the class fills in the rest. */
  async limitsOf(account: Account): Promise<EffectiveLimits> {
    const cos = account.cosId === null ? null : await this.store.classesOfService.getById(account.cosId);
    return {
      maxRecipients: cos?.maxRecipients ?? null,
      maxMessageBytes: cos?.maxMessageBytes ?? null,
      quotaBytes: account.quotaBytes ?? cos?.quotaBytes ?? null,
      maxSentPerHour: cos?.maxSentPerHour ?? null,
    };
  }

  private async require(name: string): Promise<ClassOfService> {
    const cos = await this.store.classesOfService.getByName(name);
    if (!cos) throw new ChasquiError('NOT_FOUND', `class of service ${name} does not exist`);
    return cos;
  }

  private async audit(actor: string, action: string, target: string, detail: Record<string, unknown> = {}) {
    await this.store.audit.add({ at: this.clock.now(), actor, action, target, detail });
  }
}

function validateLimits(limits: ClassOfServiceLimits): void {
  for (const [key, value] of Object.entries(limits)) {
    if (value !== null && (!Number.isInteger(value) || value < 1)) {
      throw new ChasquiError('INVALID_ARGUMENT', `${key} must be a positive integer or none`);
    }
  }
}
