// RFC 9051 §9 sequence-set / seq-range / "*", and RFC 5182 "$" (SEARCHRES). Sets are kept as
// ranges, never expanded: "1:4294967295" costs two numbers, and work is bounded by the text.
import { MAX_NZ_NUMBER } from './grammar.js';

/** Default cap on comma-separated items; a 64 KiB command line holds at most ~32,000. */
export const DEFAULT_MAX_SEQUENCE_ITEMS = 100_000;

/** A resolved, inclusive range [low, high]. */
export type NumberRange = readonly [low: number, high: number];

export type SequenceSetResult =
  { readonly ok: true; readonly set: SequenceSet } | { readonly ok: false; readonly error: string };

// "*" is stored as 0, which no nz-number can be.
const STAR = 0;

/** A parsed sequence set or UID set; "*" is resolved against the largest number in use. */
export class SequenceSet {
  /** Pairs (from, to) as written; 0 stands for "*". Empty for "$". */
  private readonly pairs: Uint32Array;
  private cache: { max: number; ranges: readonly NumberRange[] } | null = null;

  private constructor(
    pairs: Uint32Array,
    /** "$": the saved search result (RFC 5182), which the session substitutes. */
    readonly isSearchResult: boolean,
  ) {
    this.pairs = pairs;
  }

  /** A set from (from, to) pairs where 0 stands for "*"; parseSequenceSet() is the usual way in. */
  static fromPairs(pairs: Uint32Array, isSearchResult: boolean): SequenceSet {
    return new SequenceSet(pairs, isSearchResult);
  }

  /** Number of comma-separated items as written. */
  get itemCount(): number {
    return this.pairs.length / 2;
  }

  /** True when the set mentions "*". */
  get hasStar(): boolean {
    return this.pairs.includes(STAR);
  }

  /**
   * Sorted, merged ranges with "*" = `max` (the highest UID or the message count). A range
   * is unordered ("4:2" = "2:4"), so "559:*" includes `max` even when 559 > max (RFC 9051
   * §6.4.9). With `max` 0 (empty mailbox) items using "*" select nothing.
   */
  ranges(max: number): readonly NumberRange[] {
    if (this.cache?.max === max) return this.cache.ranges;
    const resolved: NumberRange[] = [];
    for (let i = 0; i < this.pairs.length; i += 2) {
      const from = this.pairs[i] ?? STAR;
      const to = this.pairs[i + 1] ?? STAR;
      if ((from === STAR || to === STAR) && max < 1) continue;
      const a = from === STAR ? max : from;
      const b = to === STAR ? max : to;
      resolved.push(a <= b ? [a, b] : [b, a]);
    }
    const ranges = mergeRanges(resolved);
    this.cache = { max, ranges };
    return ranges;
  }

  /** True when `n` is in the set, with "*" = `max`. */
  contains(n: number, max: number): boolean {
    const ranges = this.ranges(max);
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const range = ranges[mid];
      if (range === undefined) break;
      if (n < range[0]) hi = mid - 1;
      else if (n > range[1]) lo = mid + 1;
      else return true;
    }
    return false;
  }

  /**
   * The members of `existing` (ascending, e.g. a mailbox's UIDs) that are in the set, in order.
   * "*" is the last element of `existing` unless `max` says otherwise. Cost: O(ranges × log n +
   * matches), so "1:4294967295" over a small mailbox is cheap.
   */
  select(existing: readonly number[], max: number = existing.at(-1) ?? 0): number[] {
    const out: number[] = [];
    let index = 0;
    for (const [low, high] of this.ranges(max)) {
      index = lowerBound(existing, low, index);
      while (index < existing.length) {
        const value = existing[index];
        if (value === undefined || value > high) break;
        out.push(value);
        index++;
      }
      if (index >= existing.length) break;
    }
    return out;
  }

  /** The set as written, normalised ("$", "1:*", "3,5:7"). */
  toString(): string {
    if (this.isSearchResult) return '$';
    const items: string[] = [];
    for (let i = 0; i < this.pairs.length; i += 2) {
      const from = this.pairs[i] ?? STAR;
      const to = this.pairs[i + 1] ?? STAR;
      items.push(from === to ? show(from) : `${show(from)}:${show(to)}`);
    }
    return items.join(',');
  }
}

function show(value: number): string {
  return value === STAR ? '*' : String(value);
}

function mergeRanges(ranges: NumberRange[]): NumberRange[] {
  ranges.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [low, high] of ranges) {
    const last = merged.at(-1);
    if (last !== undefined && low <= last[1] + 1) last[1] = Math.max(last[1], high);
    else merged.push([low, high]);
  }
  return merged;
}

/** First index ≥ `from` whose value is ≥ `target` (binary search). */
function lowerBound(sorted: readonly number[], target: number, from: number): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? Infinity) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Parses a sequence-set ("1:*", "3,5:7,10:*", "$"). Numbers must be 1..4294967295 without
 * leading zeros. At most `maxItems` comma-separated items; the count is checked first, in
 * one pass, so a hostile set is rejected before anything is allocated for it.
 */
export function parseSequenceSet(text: string, maxItems = DEFAULT_MAX_SEQUENCE_ITEMS): SequenceSetResult {
  if (text === '$') return { ok: true, set: SequenceSet.fromPairs(new Uint32Array(0), true) };
  if (text.length === 0) return { ok: false, error: 'Empty sequence set' };
  let items = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x2c) items++;
  if (items > maxItems) return { ok: false, error: `Too many items in sequence set (at most ${maxItems})` };
  const pairs = new Uint32Array(items * 2);
  let at = 0;
  for (let item = 0; item < items; item++) {
    const from = readSeqNumber(text, at);
    if (typeof from === 'string') return { ok: false, error: from };
    let to = from;
    if (text.charCodeAt(from.end) === 0x3a) {
      const upper = readSeqNumber(text, from.end + 1);
      if (typeof upper === 'string') return { ok: false, error: upper };
      to = upper;
    }
    const separator = text.charCodeAt(to.end);
    if (item < items - 1 ? separator !== 0x2c : to.end !== text.length) {
      return { ok: false, error: `Invalid sequence set at "${text.slice(to.end, to.end + 10)}"` };
    }
    pairs[item * 2] = from.value;
    pairs[item * 2 + 1] = to.value;
    at = to.end + 1;
  }
  return { ok: true, set: SequenceSet.fromPairs(pairs, false) };
}

/** Reads "*" or an nz-number at `at`; returns an error message on failure. */
function readSeqNumber(text: string, at: number): { value: number; end: number } | string {
  if (text.charCodeAt(at) === 0x2a) return { value: STAR, end: at + 1 };
  if (text.charCodeAt(at) === 0x24) return '"$" cannot be combined with other items';
  let end = at;
  let value = 0;
  while (end < text.length && end - at <= 10) {
    const digit = text.charCodeAt(end) - 0x30;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
    end++;
  }
  if (end === at) return `Invalid sequence set at "${text.slice(at, at + 10)}"`;
  if (text.charCodeAt(at) === 0x30) return 'Sequence numbers start at 1 and have no leading zeros';
  if (value > MAX_NZ_NUMBER) return `Sequence number ${text.slice(at, end)} is out of range`;
  return { value, end };
}

/**
 * Compresses numbers into sequence-set text, keeping their order: runs of consecutive ascending
 * numbers become "a:b" ([1,2,3,7,9,10] → "1:3,7,9:10"). Order matters for COPYUID, whose two
 * sets correspond item by item; pass sorted input for the most compact text.
 */
export function formatSequenceSet(numbers: Iterable<number>): string {
  const items: string[] = [];
  let start = -1;
  let previous = -1;
  for (const n of numbers) {
    if (start !== -1 && n === previous + 1) {
      previous = n;
      continue;
    }
    if (start !== -1) items.push(start === previous ? String(start) : `${start}:${previous}`);
    start = n;
    previous = n;
  }
  if (start !== -1) items.push(start === previous ? String(start) : `${start}:${previous}`);
  return items.join(',');
}
