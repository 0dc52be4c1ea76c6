// MTA-STS (RFC 8461): fetch and cache each domain's policy; in `enforce` mode only the MX hosts
// it lists may be used, and only over verified TLS.
import { getPolicy, validateMx } from 'mailauth/lib/mta-sts.js';
import type { DNSResolver } from 'mailauth';
import type { Logger } from '@chasqui/core';
import type { Destination } from './destinations.js';
import type { TlsPolicyInfo } from './tls-reporter.js';

type Policy = Awaited<ReturnType<typeof getPolicy>>['policy'];

export interface StsDecision {
  readonly destinations: Destination[];
  readonly requireVerifiedTls: boolean;
  /** What TLS-RPT reports as the policy applied. */
  readonly policy: TlsPolicyInfo;
}

const noPolicy: TlsPolicyInfo = { type: 'no-policy-found', policyString: '' };

function policyInfo(policy: Policy): TlsPolicyInfo {
  const lines = [
    'version: STSv1',
    `mode: ${policy.mode}`,
    ...(policy.mx ?? []).map((mx) => `mx: ${mx}`),
    ...(policy.maxAge === undefined ? [] : [`max_age: ${policy.maxAge}`]),
  ];
  return { type: 'sts', policyString: lines.join('\n') };
}

export interface MtaStsOptions {
  readonly enabled: boolean;
  readonly logger: Logger;
  readonly resolver?: DNSResolver;
}

/** Applies a policy to MX destinations (pure: tested with the RFC's examples). */
export function applyStsPolicy(policy: Policy | null, destinations: Destination[]): StsDecision {
  if (!policy || policy.mode === 'none') return { destinations, requireVerifiedTls: false, policy: noPolicy };
  if (policy.mode !== 'enforce')
    return { destinations, requireVerifiedTls: false, policy: policyInfo(policy) };
  const allowed = destinations.filter((d) => !d.fromMx || validateMx(d.host, policy).valid);
  return { destinations: allowed, requireVerifiedTls: true, policy: policyInfo(policy) };
}

export class MtaStsCache {
  private readonly policies = new Map<string, Policy>();

  constructor(private readonly options: MtaStsOptions) {}

  async decide(domain: string, destinations: Destination[]): Promise<StsDecision> {
    if (!this.options.enabled || !destinations.some((d) => d.fromMx)) {
      return { destinations, requireVerifiedTls: false, policy: noPolicy };
    }
    const policy = await this.policyOf(domain);
    return applyStsPolicy(policy, destinations);
  }

  private async policyOf(domain: string): Promise<Policy | null> {
    const known = this.policies.get(domain);
    try {
      const result = await getPolicy(
        domain,
        known,
        this.options.resolver ? { resolver: this.options.resolver } : {},
      );
      this.policies.set(domain, result.policy);
      return result.policy;
    } catch (error) {
      this.options.logger.warn({ err: error, domain }, 'mta_sts.fetch_failed');
      return known ?? null;
    }
  }
}
