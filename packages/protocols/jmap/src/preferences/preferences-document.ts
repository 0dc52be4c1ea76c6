// The Preferences object of urn:chasqui:params:jmap:preferences: what the webmail keeps for
// a user (tag colours, signatures, default signature per identity, senders whose remote images
// may load). Validation names every property at fault; values are normalised (keywords and
// addresses lower-case, duplicates dropped) so that every client sees one form.
import { isValidDomain, parseEmailAddress } from '@chasqui/core';
import { SetFailure } from '../api/set-support.js';
import type { JsonObject } from '../api/types.js';
import { isValidKeyword } from '../mail/keywords.js';

export interface Signature {
  readonly id: string;
  readonly name: string;
  readonly text: string;
  readonly html: string | null;
}

export interface PreferencesDocument {
  readonly tagColors: Readonly<Record<string, string>>;
  readonly signatures: readonly Signature[];
  readonly defaultSignature: Readonly<Record<string, string | null>>;
  readonly remoteImageSenders: readonly string[];
}

export const preferenceLimits = {
  maxTagColors: 1000,
  maxSignatures: 50,
  maxSignatureName: 100,
  maxSignatureBody: 10_000,
  maxRemoteImageSenders: 1000,
} as const;

const properties = ['tagColors', 'signatures', 'defaultSignature', 'remoteImageSenders'] as const;
type Property = (typeof properties)[number];

const colourPattern = /^#[0-9a-fA-F]{6}$/;
// RFC 8620 §1.2 Id: 1–255 characters of the URL-safe base64 alphabet.
const idPattern = /^[A-Za-z0-9_-]{1,255}$/;

export const defaultPreferences: PreferencesDocument = {
  tagColors: {},
  signatures: [],
  defaultSignature: {},
  remoteImageSenders: [],
};

/** The JMAP object (with its id) of a document. */
export function preferencesObject(document: PreferencesDocument): JsonObject {
  return { id: 'singleton', ...document };
}

/** A stored document (or null: never written) read leniently into the full shape. */
export function storedPreferences(data: unknown): PreferencesDocument {
  if (data === null || typeof data !== 'object') return defaultPreferences;
  return { ...defaultPreferences, ...(data as Partial<PreferencesDocument>) };
}

class Invalid extends Error {}

function isRecord(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readTagColors(value: unknown): Record<string, string> {
  if (!isRecord(value) || Object.keys(value).length > preferenceLimits.maxTagColors) throw new Invalid();
  const colours: Record<string, string> = {};
  for (const [keyword, colour] of Object.entries(value)) {
    if (!isValidKeyword(keyword) || typeof colour !== 'string' || !colourPattern.test(colour)) {
      throw new Invalid();
    }
    colours[keyword.toLowerCase()] = colour;
  }
  return colours;
}

function readSignature(value: unknown): Signature {
  if (!isRecord(value)) throw new Invalid();
  const { id, name, text, html } = value;
  const { maxSignatureName, maxSignatureBody } = preferenceLimits;
  const known = Object.keys(value).every((key) => ['id', 'name', 'text', 'html'].includes(key));
  if (!known || typeof id !== 'string' || !idPattern.test(id)) throw new Invalid();
  if (typeof name !== 'string' || name.length > maxSignatureName) throw new Invalid();
  if (typeof text !== 'string' || text.length > maxSignatureBody) throw new Invalid();
  if (html !== null && (typeof html !== 'string' || html.length > maxSignatureBody)) throw new Invalid();
  return { id, name, text, html };
}

function readSignatures(value: unknown): Signature[] {
  if (!Array.isArray(value) || value.length > preferenceLimits.maxSignatures) throw new Invalid();
  const signatures = value.map(readSignature);
  if (new Set(signatures.map((signature) => signature.id)).size !== signatures.length) throw new Invalid();
  return signatures;
}

/**
 * identityId → signature id or null. A reference to a signature that no longer exists is an
 * error when the client set it, and dropped when it went with a signature the client removed.
 */
function readDefaultSignature(
  value: unknown,
  signatureIds: ReadonlySet<string>,
  isDangling: 'invalid' | 'drop',
): Record<string, string | null> {
  if (!isRecord(value)) throw new Invalid();
  const defaults: Record<string, string | null> = {};
  for (const [identityId, signatureId] of Object.entries(value)) {
    if (!idPattern.test(identityId) || (signatureId !== null && typeof signatureId !== 'string')) {
      throw new Invalid();
    }
    if (signatureId === null || signatureIds.has(signatureId)) defaults[identityId] = signatureId;
    else if (isDangling === 'invalid') throw new Invalid();
  }
  return defaults;
}

/** An address, or "@domain" for every sender of that domain, lower-cased; null when neither. */
function senderPattern(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (value.startsWith('@')) {
    const domain = value.slice(1).toLowerCase();
    return isValidDomain(domain) ? `@${domain}` : null;
  }
  return parseEmailAddress(value)?.address ?? null;
}

function readRemoteImageSenders(value: unknown): string[] {
  if (!Array.isArray(value) || value.length > preferenceLimits.maxRemoteImageSenders) throw new Invalid();
  const senders = value.map(senderPattern);
  if (senders.some((sender) => sender === null)) throw new Invalid();
  return [...new Set(senders as string[])];
}

/**
 * Validates a whole document (after a patch): unknown properties and invalid values throw
 * SetFailure "invalidProperties" naming them all; null or missing properties take defaults.
 * `patched` names the properties the client changed (see readDefaultSignature).
 */
export function validatePreferences(
  candidate: JsonObject,
  patched: ReadonlySet<string>,
): PreferencesDocument {
  const bad = Object.keys(candidate).filter(
    (key) =>
      !(properties as readonly string[]).includes(key) && !(key === 'id' && candidate[key] === 'singleton'),
  );
  const read = <T>(property: Property, reader: (value: unknown) => T, fallback: T): T => {
    const value = candidate[property];
    if (value === undefined || value === null) return fallback;
    try {
      return reader(value);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      bad.push(property);
      return fallback;
    }
  };
  const tagColors = read('tagColors', readTagColors, {});
  const signatures = read('signatures', readSignatures, []);
  const ids = new Set(signatures.map((signature) => signature.id));
  const dangling = patched.has('defaultSignature') ? 'invalid' : 'drop';
  const defaultSignature = read('defaultSignature', (v) => readDefaultSignature(v, ids, dangling), {});
  const remoteImageSenders = read('remoteImageSenders', readRemoteImageSenders, []);
  if (bad.length > 0) throw new SetFailure('invalidProperties', `invalid: ${bad.join(', ')}`, bad);
  return { tagColors, signatures, defaultSignature, remoteImageSenders };
}
