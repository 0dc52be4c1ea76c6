// RFC 9208 §5.1 QUOTA and §5.2 QUOTAROOT responses. The logged-in account's quota root is ""
// (as in the RFC's examples); STORAGE counts units of 1024 octets (§5.1).
import type { QuotaUsage } from '@chasqui/mail';
import { astring, atom, type ImapValue } from '../proto/index.js';

/** The root name of an account's quota as the session shows it. */
export const ownQuotaRoot = '';

/** The resources of a root that have a limit; none means the root has no quota. */
export function quotaResources(usage: QuotaUsage): ImapValue[] {
  const resources: ImapValue[] = [];
  if (usage.storage.limit !== null) {
    resources.push(
      atom('STORAGE'),
      Math.ceil(usage.storage.used / 1024),
      Math.floor(usage.storage.limit / 1024),
    );
  }
  if (usage.messages.limit !== null)
    resources.push(atom('MESSAGE'), usage.messages.used, usage.messages.limit);
  return resources;
}

/** `* QUOTA root (STORAGE used limit)`. */
export function quotaResponse(root: string, usage: QuotaUsage): ImapValue[] {
  return [atom('QUOTA'), astring(root), quotaResources(usage)];
}
