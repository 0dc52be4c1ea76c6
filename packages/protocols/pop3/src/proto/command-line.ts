// POP3 command syntax (RFC 1939 §3, RFC 2449 §3): a case-insensitive keyword, then arguments
// separated by spaces. Pure: one line in, the verb and its arguments out.

export interface CommandLine {
  /** The keyword in upper case. */
  readonly verb: string;
  /** Arguments split on spaces. */
  readonly args: readonly string[];
  /** Everything after the keyword and one space, verbatim (PASS may contain spaces, §7). */
  readonly rest: string;
}

export type CommandLineResult =
  { readonly ok: true; readonly command: CommandLine } | { readonly ok: false; readonly error: string };

/** RFC 2449 §3 allows keywords of up to 40 characters; every real one is 3 or 4 letters. */
const keyword = /^[A-Za-z]{3,40}$/;

/** Splits a command line (without CRLF). NUL bytes and non-letter keywords are refused. */
export function parseCommandLine(line: Buffer): CommandLineResult {
  if (line.includes(0)) return { ok: false, error: 'NUL bytes are not allowed in commands' };
  const text = line.toString('utf8');
  const space = text.indexOf(' ');
  const word = space < 0 ? text : text.slice(0, space);
  if (!keyword.test(word)) return { ok: false, error: 'Unknown command' };
  const rest = space < 0 ? '' : text.slice(space + 1);
  const args = rest.split(' ').filter((arg) => arg !== '');
  return { ok: true, command: { verb: word.toUpperCase(), args, rest } };
}

const messageNumber = /^[1-9][0-9]{0,9}$/;
const lineCount = /^[0-9]{1,10}$/;

/** A message number argument (1 or more), or null when it is not one. */
export function parseMessageNumber(text: string): number | null {
  return messageNumber.test(text) ? Number(text) : null;
}

/** A non-negative line count (TOP's second argument), or null. */
export function parseLineCount(text: string): number | null {
  return lineCount.test(text) ? Number(text) : null;
}
