// Turns envelope recipients into local accounts and remote addresses: aliases and lists are
// followed (depth-limited, loops cut), lists check their posting policy against the sender.
import { ChasquiError, parseEmailAddress } from '@chasqui/core';
import type { DirectoryService } from '@chasqui/directory';
import type { Group } from '@chasqui/store';
import { domainOf } from '../headers.js';
import type { EnvelopeRecipient, LocalTarget } from '../types.js';

const maxDepth = 8;
const maxExpanded = 10_000;

export interface Expansion {
  readonly local: LocalTarget[];
  readonly remote: EnvelopeRecipient[];
}

/** Throws FORBIDDEN when the sender may not post to the list. */
export function checkPostingPolicy(group: Group, sender: string): void {
  const normalized = sender.toLowerCase();
  if (group.postingPolicy === 'anyone') return;
  if (group.postingPolicy === 'members' && group.members.some((m) => m.toLowerCase() === normalized)) return;
  if (
    group.postingPolicy === 'domain' &&
    normalized !== '' &&
    domainOf(normalized) === domainOf(group.address)
  )
    return;
  throw new ChasquiError('FORBIDDEN', `${sender || '<>'} may not post to ${group.address}`);
}

export class RecipientExpander {
  constructor(
    private readonly directory: DirectoryService,
    /** The original sender behind an SRS return path of ours (a bounce of forwarded mail). */
    private readonly reverseSrs: (address: string) => Promise<string | null> = () => Promise.resolve(null),
  ) {}

  async expand(recipients: readonly EnvelopeRecipient[], sender: string): Promise<Expansion> {
    const result: Expansion = { local: [], remote: [] };
    const seen = new Set<string>();
    for (const recipient of recipients) {
      await this.visit(recipient, recipient.address, sender, 0, seen, result);
    }
    return result;
  }

  private async visit(
    recipient: EnvelopeRecipient,
    via: string,
    sender: string,
    depth: number,
    seen: Set<string>,
    result: Expansion,
  ): Promise<void> {
    const key = recipient.address.toLowerCase();
    if (seen.has(key) || depth > maxDepth || seen.size >= maxExpanded) return;
    seen.add(key);
    const resolution = await this.directory.resolveRecipient(recipient.address);
    switch (resolution.kind) {
      case 'account':
        if (!result.local.some((t) => t.accountId === resolution.account.id)) {
          result.local.push({ accountId: resolution.account.id, address: resolution.account.address, via });
        }
        return;
      case 'alias':
        for (const target of resolution.targets) {
          await this.visit({ ...recipient, address: target }, via, sender, depth + 1, seen, result);
        }
        return;
      case 'group':
        checkPostingPolicy(resolution.group, sender);
        for (const member of resolution.group.members) {
          await this.visit({ address: member }, via, sender, depth + 1, seen, result);
        }
        return;
      case 'external':
        if (parseEmailAddress(recipient.address)) result.remote.push(recipient);
        return;
      case 'unknown': {
        const original = await this.reverseSrs(recipient.address);
        if (original !== null) result.remote.push({ address: original });
        return;
      }
    }
  }
}
