// A fake DNS resolver for mailauth and the outbound queue: answers from a table, NXDOMAIN
// (ENOTFOUND, as node:dns says it) for anything else, and never touches the network.

/** Answers by `name type`, e.g. `{ 'far.test TXT': [['v=spf1 -all']] }`. */
export type DnsTable = Record<string, string[][] | string[]>;

/** A resolver `(name, type) => Promise<answer>` over `table`; the table may change later. */
export function tableResolver(table: DnsTable) {
  return (name: string, type: string): Promise<string[][] | string[]> => {
    const answer = table[`${name.toLowerCase()} ${type}`];
    if (answer) return Promise.resolve(answer);
    const error = new Error(`${type} ${name} not found`) as Error & { code: string };
    error.code = 'ENOTFOUND';
    return Promise.reject(error);
  };
}
