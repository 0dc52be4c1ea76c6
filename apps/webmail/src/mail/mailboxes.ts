// Mailbox tree (RFC 8621 §2): parent links to a sorted, indented list for the folder pane.
import type { Mailbox, MailboxRole } from '../jmap/types.ts';
import type { MessageKey } from '../i18n/es-PE.ts';

export interface MailboxNode {
  mailbox: Mailbox;
  depth: number;
}

const ROLE_ORDER: MailboxRole[] = ['inbox', 'drafts', 'sent', 'archive', 'junk', 'trash'];

export const ROLE_LABEL: Partial<Record<MailboxRole, MessageKey>> = {
  inbox: 'folders.inbox',
  drafts: 'folders.drafts',
  sent: 'folders.sent',
  trash: 'folders.trash',
  junk: 'folders.junk',
  archive: 'folders.archive',
};

function compare(a: Mailbox, b: Mailbox): number {
  const ra = a.role ? ROLE_ORDER.indexOf(a.role) : -1;
  const rb = b.role ? ROLE_ORDER.indexOf(b.role) : -1;
  if (ra !== rb) return (ra === -1 ? 99 : ra) - (rb === -1 ? 99 : rb);
  return a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'es');
}

/** Depth-first order, roles first, then sortOrder and name. Orphans go to the top level. */
export function buildTree(mailboxes: Mailbox[]): MailboxNode[] {
  const ids = new Set(mailboxes.map((m) => m.id));
  const children = new Map<string | null, Mailbox[]>();
  for (const mailbox of mailboxes) {
    const parent = mailbox.parentId && ids.has(mailbox.parentId) ? mailbox.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), mailbox]);
  }
  const out: MailboxNode[] = [];
  const visit = (parent: string | null, depth: number): void => {
    for (const mailbox of (children.get(parent) ?? []).sort(compare)) {
      out.push({ mailbox, depth });
      if (depth < 20) visit(mailbox.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

export function findRole(mailboxes: Mailbox[], role: MailboxRole): Mailbox | undefined {
  return mailboxes.find((m) => m.role === role);
}

/** Ids of a mailbox and all its descendants (a folder cannot move into itself). */
export function descendants(mailboxes: Mailbox[], id: string): Set<string> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const m of mailboxes) {
      if (m.parentId && out.has(m.parentId) && !out.has(m.id)) {
        out.add(m.id);
        grew = true;
      }
    }
  }
  return out;
}
