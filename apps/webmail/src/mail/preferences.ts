// Webmail preferences (tag colours, named signatures, default signature per identity, senders
// whose remote images are shown). The server's singleton Preferences object
// (urn:chasqui:params:jmap:preferences) is the source of truth: changes apply at once in the UI
// and are reverted if Preferences/set fails. Values kept in localStorage by earlier versions are
// migrated once; without the capability, localStorage stays the store, quietly.
import { assertSet, expandTemplate, type JmapClient } from '../jmap/client.ts';
import {
  CAPABILITY_PREFERENCES,
  type PreferencesCapability,
  type GetResponse,
  type PreferenceSignature,
  type Preferences,
  type SetResponse,
} from '../jmap/types.ts';
import { localKey, readLocal, writeLocal } from './prefs.ts';

export type { PreferenceSignature, Preferences };

/** A JSON-pointer patch of the singleton (RFC 8620 §5.3 PatchObject). */
export type PreferencesPatch = Record<string, unknown>;

export const EMPTY_PREFERENCES: Preferences = {
  tagColors: {},
  signatures: [],
  defaultSignature: {},
  remoteImageSenders: [],
};

/** The localStorage keys of each preference, as earlier versions of the webmail wrote them. */
const LOCAL_KEYS = {
  tagColors: 'tags',
  signatures: 'signatures',
  defaultSignature: 'sigdefault',
  remoteImageSenders: 'remote',
} as const satisfies Record<keyof Preferences, string>;
const MIGRATED = 'prefs-migrated';

/** Escapes one JSON-pointer segment (RFC 6901 §3): "~" → "~0", "/" → "~1". */
export function pointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Applies a patch whose paths have at most two segments (all this object needs). */
export function applyPatch(prefs: Preferences, patch: PreferencesPatch): Preferences {
  const next: Record<string, unknown> = { ...prefs };
  for (const [path, value] of Object.entries(patch)) {
    const [head = '', ...rest] = path.split('/');
    if (rest.length === 0) {
      next[head] = value;
      continue;
    }
    const key = rest.join('/').replace(/~1/g, '/').replace(/~0/g, '~');
    const inner = Object.entries({ ...(next[head] as Record<string, unknown> | undefined) }).filter(
      ([k]) => k !== key,
    );
    // null removes a tag colour, but is a value ("no signature") in defaultSignature.
    if (value !== null || head === 'defaultSignature') inner.push([key, value]);
    next[head] = Object.fromEntries(inner);
  }
  return next as unknown as Preferences;
}

/** Local values written by earlier versions (signatures then had no HTML). */
function readLegacy(accountId: string): Preferences {
  const read = <K extends keyof Preferences>(kind: K): Preferences[K] =>
    readLocal(localKey(LOCAL_KEYS[kind], accountId), EMPTY_PREFERENCES[kind]);
  return {
    tagColors: read('tagColors'),
    signatures: read('signatures').map((s) => ({ ...s, html: s.html ?? null })),
    // Earlier versions wrote "none" where the server keeps null.
    defaultSignature: Object.fromEntries(
      Object.entries(read('defaultSignature')).map(([k, v]) => [k, v === 'none' ? null : v]),
    ),
    remoteImageSenders: read('remoteImageSenders'),
  };
}

function isEmpty(prefs: Preferences): boolean {
  return (
    Object.keys(prefs.tagColors).length === 0 &&
    prefs.signatures.length === 0 &&
    Object.keys(prefs.defaultSignature).length === 0 &&
    prefs.remoteImageSenders.length === 0
  );
}

/** Local values the server lacks, as a patch (the server wins where both have one). */
export function migrationPatch(server: Preferences, local: Preferences): PreferencesPatch {
  const patch: PreferencesPatch = {};
  for (const [tag, color] of Object.entries(local.tagColors)) {
    if (!(tag in server.tagColors)) patch[`tagColors/${pointerSegment(tag)}`] = color;
  }
  const known = new Set(server.signatures.map((s) => s.id));
  const added = local.signatures.filter((s) => !known.has(s.id));
  if (added.length) patch['signatures'] = [...server.signatures, ...added];
  for (const [identity, signature] of Object.entries(local.defaultSignature)) {
    if (!(identity in server.defaultSignature))
      patch[`defaultSignature/${pointerSegment(identity)}`] = signature;
  }
  const senders = new Set([...server.remoteImageSenders, ...local.remoteImageSenders]);
  if (senders.size > server.remoteImageSenders.length) patch['remoteImageSenders'] = [...senders];
  return patch;
}

/** The session's image-proxy template as a function, or undefined when there is none. */
export function imageProxyOf(client: JmapClient): ((url: string) => string) | undefined {
  const capability = client.session?.capabilities[CAPABILITY_PREFERENCES] as
    PreferencesCapability | undefined;
  const template = capability?.imageProxyUrl;
  return template ? (url) => expandTemplate(template, { url }) : undefined;
}

export class PreferencesStore {
  value: Preferences = EMPTY_PREFERENCES;
  private state: string | null = null;

  constructor(
    private readonly client: JmapClient,
    private readonly accountId: string,
    private readonly onChange: () => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** True when the server keeps the preferences. */
  get isServerBacked(): boolean {
    return this.client.hasCapability(CAPABILITY_PREFERENCES);
  }

  /** Reads the preferences (server or local) and migrates local values once. */
  async load(): Promise<void> {
    if (!this.isServerBacked) {
      this.value = readLegacy(this.accountId);
      this.onChange();
      return;
    }
    await this.fetch();
    const migratedKey = localKey(MIGRATED, this.accountId);
    if (readLocal<boolean>(migratedKey, false)) return;
    const local = readLegacy(this.accountId);
    const patch = isEmpty(local) ? {} : migrationPatch(this.value, local);
    if (Object.keys(patch).length > 0) await this.update(patch);
    writeLocal(migratedKey, true);
    for (const kind of Object.values(LOCAL_KEYS)) localStorage.removeItem(localKey(kind, this.accountId));
  }

  /** Re-reads after a pushed StateChange for "Preferences" that this client did not cause. */
  async onPushedState(state: string): Promise<void> {
    if (this.isServerBacked && state !== this.state) await this.fetch();
  }

  private async fetch(): Promise<void> {
    const response = await this.client.call<GetResponse<Partial<Preferences> & { id: string }>>(
      'Preferences/get',
      { ids: ['singleton'] },
    );
    const found = response.list[0];
    this.state = response.state;
    this.value = { ...EMPTY_PREFERENCES, ...found };
    this.onChange();
  }

  /** Applies `patch` now and stores it; on failure the previous value returns and onError runs. */
  async update(patch: PreferencesPatch): Promise<boolean> {
    const before = this.value;
    this.value = applyPatch(before, patch);
    this.onChange();
    if (!this.isServerBacked) {
      for (const kind of Object.keys(LOCAL_KEYS) as (keyof Preferences)[])
        writeLocal(localKey(LOCAL_KEYS[kind], this.accountId), this.value[kind]);
      return true;
    }
    try {
      const response = assertSet(
        await this.client.call<SetResponse<Preferences>>('Preferences/set', {
          update: { singleton: patch },
        }),
      );
      this.state = response.newState;
      return true;
    } catch (error) {
      this.value = before;
      this.onChange();
      this.onError(error);
      return false;
    }
  }

  // Readers and the usual edits.

  tagColors(): Record<string, string> {
    return this.value.tagColors;
  }

  setTagColor(tag: string, color: string | null): Promise<boolean> {
    return this.update({ [`tagColors/${pointerSegment(tag)}`]: color });
  }

  signatures(): PreferenceSignature[] {
    return this.value.signatures;
  }

  /** The default signature id for an identity: null = none, undefined = never chosen. */
  defaultSignature(identityId: string): string | null | undefined {
    return this.value.defaultSignature[identityId];
  }

  /** Remote images are allowed for the exact address or its whole domain ("@domain"). */
  isRemoteAllowed(sender: string): boolean {
    const address = sender.toLowerCase();
    const domain = address.slice(address.lastIndexOf('@'));
    return this.value.remoteImageSenders.some((entry) => entry === address || entry === domain);
  }

  allowRemote(entry: string): Promise<boolean> {
    const list = new Set(this.value.remoteImageSenders);
    list.add(entry.toLowerCase());
    return this.update({ remoteImageSenders: [...list] });
  }

  forbidRemote(entry: string): Promise<boolean> {
    return this.update({ remoteImageSenders: this.value.remoteImageSenders.filter((e) => e !== entry) });
  }
}
