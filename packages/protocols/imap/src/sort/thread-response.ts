// RFC 5256 §4 THREAD response: "(1 2 (3)(4 5))(6)": a parent followed by its only reply without
// parentheses, several replies each in their own, and a dummy as a list of its children.
import type { ThreadNode } from '@chasqui/mail';

function chain(node: ThreadNode): string {
  const own = node.message === null ? '' : String(node.message.id);
  const [only] = node.children;
  if (node.children.length === 1 && only !== undefined) {
    return own === '' ? chain(only) : `${own} ${chain(only)}`;
  }
  const nested = node.children.map((child) => `(${chain(child)})`).join('');
  if (own === '') return nested;
  return nested === '' ? own : `${own} ${nested}`;
}

/** The thread-list text of a THREAD response, "" when there are no threads. */
export function formatThreads(threads: readonly ThreadNode[]): string {
  return threads.map((thread) => `(${chain(thread)})`).join('');
}
