// RFC 5256 §3 THREAD=REFERENCES (after Jamie Zawinski's algorithm): messages linked through
// their Message-ID and References, empty placeholders ("dummies") pruned, threads of the same
// base subject gathered, and siblings ordered by sent date. The step numbers are the RFC's.
import { baseSubject } from './base-subject.js';
import { asciiCasemapKey } from './collation.js';
import { compareSent, type ThreadMessage, type ThreadNode } from './thread-types.js';

/** A node while threads are built: mutable, with a parent link for the loop checks. */
interface Container {
  message: ThreadMessage | null;
  parent: Container | null;
  children: Container[];
}

function newContainer(message: ThreadMessage | null): Container {
  return { message, parent: null, children: [] };
}

/** True when `ancestor` is `node` or above it. */
function isAncestorOrSelf(ancestor: Container, node: Container): boolean {
  for (let current: Container | null = node; current !== null; current = current.parent) {
    if (current === ancestor) return true;
  }
  return false;
}

function unlink(child: Container): void {
  const parent = child.parent;
  if (parent === null) return;
  parent.children = parent.children.filter((other) => other !== child);
  child.parent = null;
}

function link(parent: Container, child: Container): void {
  child.parent = parent;
  parent.children.push(child);
}

class ContainerTable {
  private readonly byMessageId = new Map<string, Container>();
  readonly all: Container[] = [];

  /** The container of a referenced id, an empty one when the message is not (yet) known. */
  referenced(messageId: string): Container {
    let container = this.byMessageId.get(messageId);
    if (container === undefined) {
      container = newContainer(null);
      this.byMessageId.set(messageId, container);
      this.all.push(container);
    }
    return container;
  }

  /** Step 1: the message's own container; a missing or duplicate Message-ID gets a unique one. */
  own(message: ThreadMessage): Container {
    const key = message.messageIdHeader;
    const known = key === null ? undefined : this.byMessageId.get(key);
    if (key !== null && known?.message === null) {
      known.message = message;
      return known;
    }
    const container = newContainer(message);
    if (key !== null && known === undefined) this.byMessageId.set(key, container);
    this.all.push(container);
    return container;
  }
}

/** Steps 1.A and 1.B for one message. */
function linkReferences(table: ContainerTable, message: ThreadMessage): void {
  const own = table.own(message);
  let previous: Container | null = null;
  for (const id of message.references) {
    const current = table.referenced(id);
    // 1.A: keep an existing parent; never make a loop.
    if (previous !== null && current.parent === null && !isAncestorOrSelf(current, previous)) {
      link(previous, current);
    }
    previous = current;
  }
  // 1.B: the last reference is the parent (a truncated References may have said otherwise).
  if (previous !== null && isAncestorOrSelf(own, previous)) return;
  unlink(own);
  if (previous !== null) link(previous, own);
}

/** Step 3: dummies without children go; others give their children to the level above. */
function prune(nodes: readonly Container[], isRoot: boolean): Container[] {
  const kept: Container[] = [];
  for (const node of nodes) {
    node.children = prune(node.children, false);
    if (node.message === null) {
      if (node.children.length === 0) continue;
      if (!isRoot || node.children.length === 1) {
        kept.push(...node.children);
        continue;
      }
    }
    kept.push(node);
  }
  return kept;
}

/** The message that dates (and names the subject of) a node: its own, or its first child's. */
function representative(node: Container): ThreadMessage | null {
  return node.message ?? node.children[0]?.message ?? null;
}

/** Steps 4 and 6: siblings by sent date, deepest first; a dummy dates as its first child. */
function sortSiblings(nodes: Container[]): void {
  for (const node of nodes) sortSiblings(node.children);
  nodes.sort((a, b) => {
    const left = representative(a);
    const right = representative(b);
    return left === null || right === null ? 0 : compareSent(left, right);
  });
}

interface SubjectInfo {
  readonly key: string;
  readonly isReply: boolean;
}

function subjectOf(node: Container): SubjectInfo | null {
  const message = representative(node);
  if (message === null) return null;
  const base = baseSubject(message.subject);
  return base.text === '' ? null : { key: asciiCasemapKey(base.text), isReply: base.isReplyOrForward };
}

/** Step 5.B: one root per base subject, preferring dummies, then non-replies. */
function subjectTable(roots: readonly Container[]): Map<string, Container> {
  const table = new Map<string, Container>();
  for (const node of roots) {
    const subject = subjectOf(node);
    if (subject === null) continue;
    const held = table.get(subject.key);
    const heldIsReply = held !== undefined && (subjectOf(held)?.isReply ?? false);
    const replaces =
      held === undefined ||
      (held.message !== null && (node.message === null || (heldIsReply && !subject.isReply)));
    if (replaces) table.set(subject.key, node);
  }
  return table;
}

/** Step 5.C: merges each root into the table's root of the same subject. */
function mergeBySubject(roots: Container[]): Container[] {
  const table = subjectTable(roots);
  const result = [...roots];
  for (const node of roots) {
    const subject = subjectOf(node);
    const held = subject === null ? undefined : table.get(subject.key);
    if (subject === null || held === undefined || held === node) continue;
    result.splice(result.indexOf(node), 1);
    if (held.message === null && node.message === null) {
      for (const child of node.children) link(held, child);
    } else if (held.message === null || (subject.isReply && !(subjectOf(held)?.isReply ?? false))) {
      link(held, node);
    } else {
      // Neither is a reply of the other: both become children of a new dummy.
      const dummy = newContainer(null);
      result.splice(result.indexOf(held), 1, dummy);
      link(dummy, held);
      link(dummy, node);
      table.set(subject.key, dummy);
    }
  }
  return result;
}

function freeze(node: Container): ThreadNode {
  return { message: node.message, children: node.children.map(freeze) };
}

/** THREAD=REFERENCES over `messages`; returns the threads in order. */
export function threadByReferences(messages: readonly ThreadMessage[]): ThreadNode[] {
  const table = new ContainerTable();
  for (const message of [...messages].sort((a, b) => a.position - b.position)) {
    linkReferences(table, message);
  }
  // Step 2: the root set; step 3: prune.
  let roots = prune(
    table.all.filter((node) => node.parent === null),
    true,
  );
  for (const root of roots) root.parent = null;
  sortSiblings(roots);
  roots = mergeBySubject(roots);
  sortSiblings(roots);
  return roots.map(freeze);
}
