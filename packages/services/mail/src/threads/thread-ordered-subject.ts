// RFC 5256 §3 THREAD=ORDEREDSUBJECT ("poor man's threading"): messages sorted by base subject
// then sent date, one thread per base subject whose first message is the parent of the rest,
// threads ordered by the sent date of their first message.
import { baseSubject } from './base-subject.js';
import { asciiCasemapKey } from './collation.js';
import { compareSent, type ThreadMessage, type ThreadNode } from './thread-types.js';

export function threadByOrderedSubject(messages: readonly ThreadMessage[]): ThreadNode[] {
  const groups = new Map<string, ThreadMessage[]>();
  for (const message of messages) {
    const key = asciiCasemapKey(baseSubject(message.subject).text);
    const group = groups.get(key);
    if (group) group.push(message);
    else groups.set(key, [message]);
  }
  const threads: ThreadNode[] = [];
  for (const group of groups.values()) {
    const [first, ...rest] = group.sort(compareSent);
    if (first === undefined) continue;
    threads.push({ message: first, children: rest.map((message) => ({ message, children: [] })) });
  }
  return threads.sort((a, b) => compareSent(firstMessage(a), firstMessage(b)));
}

function firstMessage(node: ThreadNode): ThreadMessage {
  if (node.message === null) throw new Error('ORDEREDSUBJECT makes no dummies');
  return node.message;
}
