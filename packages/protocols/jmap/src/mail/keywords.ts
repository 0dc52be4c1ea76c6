// RFC 8621 §4.1.1 keywords ↔ the store's system flag bits and free keywords.
import { keywordBits } from '@chasqui/core';
import { SetFailure } from '../api/set-support.js';

export interface FlagSet {
  flags: number;
  keywords: string[];
}

const keywordPattern = /^[\x21-\x7e]{1,255}$/;

/** RFC 8621 §4.1.1: a keyword is 1–255 printable ASCII characters, none of ( ) [ ] { } % * " \. */
export function isValidKeyword(name: string): boolean {
  return keywordPattern.test(name) && !/[()[\]{}%*"\\]/.test(name);
}

/** Splits a JMAP keywords object into flag bits and lower-cased free keywords. */
export function toFlags(keywords: Record<string, unknown>): FlagSet {
  const set: FlagSet = { flags: 0, keywords: [] };
  for (const [name, value] of Object.entries(keywords)) {
    const keyword = name.toLowerCase();
    if (value !== true || !isValidKeyword(keyword)) {
      throw new SetFailure('invalidProperties', `bad keyword ${name}`, ['keywords']);
    }
    const bit = keywordBits[keyword];
    if (bit !== undefined) set.flags |= bit;
    else set.keywords.push(keyword);
  }
  return set;
}
