// Which spam-training verdict a flag change expresses: setting $junk says "spam", setting
// $notjunk says "ham" (RFC 5788 keywords, shared by IMAP and JMAP). Setting both says nothing.
import { SystemFlag } from '@chasqui/core';
import type { FlagChange, SpamVerdict } from '@chasqui/store';

function verdictOfBits(flags: number): SpamVerdict | null {
  const isJunk = (flags & SystemFlag.junk) !== 0;
  const isNotJunk = (flags & SystemFlag.notJunk) !== 0;
  if (isJunk === isNotJunk) return null;
  return isJunk ? 'spam' : 'ham';
}

/** The verdict the change gives, and whether it replaces every flag (then only a transition counts). */
export function verdictOfChange(change: FlagChange): { verdict: SpamVerdict; isReplace: boolean } | null {
  if (change.set) {
    const verdict = verdictOfBits(change.set.flags);
    return verdict === null ? null : { verdict, isReplace: true };
  }
  const verdict = verdictOfBits(change.add?.flags ?? 0);
  return verdict === null ? null : { verdict, isReplace: false };
}

/** The flag bit of a verdict. */
export function bitOfVerdict(verdict: SpamVerdict): number {
  return verdict === 'spam' ? SystemFlag.junk : SystemFlag.notJunk;
}
