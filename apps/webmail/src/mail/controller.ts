// The mail view's state outside React: mailboxes, identities, the current list window,
// selection, undoable actions and real-time updates (push → Email/changes → refresh).
import { assertSet, JmapMethodError, type JmapClient } from '../jmap/client.ts';
import { subscribePush, type PushHandle } from '../jmap/push.ts';
import type {
  ChangesResponse,
  Email,
  GetResponse,
  Id,
  Identity,
  Mailbox,
  MailboxRole,
  SetResponse,
  StateChange,
} from '../jmap/types.ts';
import { EmailWindow, LIST_PROPERTIES } from './email-window.ts';
import { findRole } from './mailboxes.ts';
import { RecentCorrespondents } from './prefs.ts';
import { PreferencesStore } from './preferences.ts';
import { buildSearchFilter, type SearchForm } from './search.ts';

export type MailViewKind =
  | { kind: 'mailbox'; mailboxId: Id }
  | { kind: 'tag'; tag: string }
  | { kind: 'search'; form: SearchForm }
  | { kind: 'scheduled' };

export interface Toast {
  id: number;
  text: string;
  undo?: () => Promise<void>;
}

export interface NewMailNotice {
  from: string;
  subject: string;
}

export class MailController {
  mailboxes: Mailbox[] = [];
  identities: Identity[] = [];
  view: MailViewKind = { kind: 'mailbox', mailboxId: '' };
  collapseThreads = false;
  readonly emails = new Map<Id, Email>();
  window: EmailWindow;
  selected = new Set<Id>();
  openId: Id | null = null;
  toasts: Toast[] = [];
  pushConnected = true;
  visible: [number, number] = [0, 50];
  version = 0;
  readonly prefs: PreferencesStore;
  readonly recent: RecentCorrespondents;
  /** Translates the toast shown when a preference could not be saved (set by the view). */
  describePrefsError: (error: unknown) => string = String;
  onNewMail: ((notice: NewMailNotice) => void) | null = null;
  private readonly listeners = new Set<() => void>();
  private push: PushHandle | null = null;
  private toastSeq = 0;

  constructor(readonly client: JmapClient) {
    this.prefs = new PreferencesStore(
      client,
      client.accountId,
      () => this.changed(),
      (error) => this.toast(this.describePrefsError(error)),
    );
    this.recent = new RecentCorrespondents(client.accountId);
    this.window = new EmailWindow(client, { filter: {}, collapseThreads: false }, this.emails);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }

  /** Loads mailboxes and identities, opens the Inbox and starts push. */
  async start(): Promise<void> {
    await Promise.all([
      this.loadMailboxes(),
      this.loadIdentities(),
      this.prefs.load().catch((error: unknown) => this.toast(this.describePrefsError(error))),
    ]);
    const inbox = this.role('inbox') ?? this.mailboxes[0];
    if (inbox) this.setView({ kind: 'mailbox', mailboxId: inbox.id });
    this.push = subscribePush(
      this.client.eventSourceUrl(),
      (change) => void this.onStateChange(change),
      (connected) => {
        this.pushConnected = connected;
        this.changed();
      },
    );
  }

  stop(): void {
    this.push?.close();
  }

  role(role: MailboxRole): Mailbox | undefined {
    return findRole(this.mailboxes, role);
  }

  async loadMailboxes(): Promise<void> {
    const result = await this.client.call<GetResponse<Mailbox>>('Mailbox/get', { ids: null });
    this.mailboxes = result.list;
    this.changed();
  }

  async loadIdentities(): Promise<void> {
    try {
      this.identities = (await this.client.call<GetResponse<Identity>>('Identity/get', { ids: null })).list;
    } catch {
      this.identities = [];
    }
  }

  setView(view: MailViewKind): void {
    this.view = view;
    this.selected.clear();
    this.openId = null;
    const filter =
      view.kind === 'mailbox'
        ? { inMailbox: view.mailboxId }
        : view.kind === 'tag'
          ? { hasKeyword: view.tag }
          : view.kind === 'search'
            ? buildSearchFilter(view.form)
            : {};
    this.window = new EmailWindow(
      this.client,
      { filter, collapseThreads: this.collapseThreads && view.kind !== 'search' },
      this.emails,
    );
    this.window.subscribe(() => this.changed());
    if (view.kind !== 'scheduled')
      void this.window.ensureRange(0, 60).catch((e: unknown) => this.toast(String(e)));
    this.changed();
  }

  setThreads(on: boolean): void {
    this.collapseThreads = on;
    this.setView(this.view);
  }

  toast(text: string, undo?: () => Promise<void>): void {
    const toast: Toast = undo ? { id: ++this.toastSeq, text, undo } : { id: ++this.toastSeq, text };
    this.toasts = [...this.toasts.slice(-2), toast];
    this.changed();
    setTimeout(() => this.dismiss(toast.id), 8000);
  }

  dismiss(id: number): void {
    this.toasts = this.toasts.filter((t) => t.id !== id);
    this.changed();
  }

  /** Applies one Email/set update to many emails; returns the previous mailboxIds. */
  private async updateEmails(ids: Id[], patch: (id: Id) => Record<string, unknown>): Promise<void> {
    const update: Record<Id, Record<string, unknown>> = {};
    for (const id of ids) update[id] = patch(id);
    assertSet(await this.client.call<SetResponse<Email>>('Email/set', { update }));
  }

  /**
   * Moves emails, optimistically, with `extra` keyword patches (e.g. $junk for spam); the toast
   * offers "Deshacer", which restores the mailboxes and those keywords.
   */
  async move(ids: Id[], target: Id, message: string, extra: Record<string, unknown> = {}): Promise<void> {
    if (ids.length === 0) return;
    const before = new Map(
      ids.map((id) => {
        const email = this.emails.get(id);
        return [id, { mailboxIds: { ...email?.mailboxIds }, keywords: { ...email?.keywords } }];
      }),
    );
    this.window.removeIds(ids);
    this.selected.clear();
    if (this.openId && ids.includes(this.openId)) this.openId = null;
    try {
      await this.updateEmails(ids, () => ({ mailboxIds: { [target]: true }, ...extra }));
      for (const id of ids) {
        const email = this.emails.get(id);
        if (email) email.mailboxIds = { [target]: true };
      }
    } catch (error) {
      this.toast(String(error));
      await this.refresh();
      return;
    }
    this.toast(message, async () => {
      await this.updateEmails(ids, (id) => ({
        mailboxIds: before.get(id)?.mailboxIds ?? {},
        ...previousValues(extra, before.get(id)?.keywords ?? {}),
      }));
      await this.refresh();
    });
  }

  async setKeyword(ids: Id[], keyword: string, on: boolean): Promise<void> {
    for (const id of ids) {
      const email = this.emails.get(id);
      if (email) email.keywords = { ...email.keywords, [keyword]: on };
    }
    this.window.touch();
    try {
      await this.updateEmails(ids, () => ({ [`keywords/${keyword}`]: on ? true : null }));
    } catch (error) {
      this.toast(String(error));
    }
  }

  async destroy(ids: Id[]): Promise<void> {
    this.window.removeIds(ids);
    assertSet(await this.client.call<SetResponse<Email>>('Email/set', { destroy: ids }));
  }

  /** Re-reads mailboxes and the visible part of the list. */
  async refresh(): Promise<void> {
    await Promise.all([this.loadMailboxes(), this.window.refresh(this.visible[0], this.visible[1])]);
  }

  private async onStateChange(change: StateChange): Promise<void> {
    const changed = change.changed[this.client.accountId];
    if (!changed) return;
    if (changed['Mailbox'] && this.client.isStale('Mailbox', changed['Mailbox'])) void this.loadMailboxes();
    const prefsState = changed['Preferences'];
    if (prefsState) void this.prefs.onPushedState(prefsState).catch(() => undefined);
    const emailState = changed['Email'];
    if (!emailState || !this.client.isStale('Email', emailState)) return;
    const since = this.client.states.get('Email');
    if (since) await this.applyEmailChanges(since);
    await this.window.refresh(this.visible[0], this.visible[1]);
  }

  /** Email/changes since the known state: refresh cached rows and announce new mail. */
  private async applyEmailChanges(since: string): Promise<void> {
    try {
      const batch = this.client.batch();
      const changes = batch.add<ChangesResponse>('Email/changes', { sinceState: since, maxChanges: 500 });
      const created = batch.add<GetResponse<Email>>('Email/get', {
        '#ids': changes.ref('/created'),
        properties: LIST_PROPERTIES,
      });
      const updated = batch.add<GetResponse<Email>>('Email/get', {
        '#ids': changes.ref('/updated'),
        properties: LIST_PROPERTIES,
      });
      await batch.send();
      const [c, u, d] = await Promise.all([created.result, updated.result, changes.result]);
      for (const email of [...c.list, ...u.list]) this.emails.set(email.id, email);
      for (const id of d.destroyed) this.emails.delete(id);
      const inbox = this.role('inbox')?.id;
      for (const email of c.list) {
        if (inbox && email.mailboxIds[inbox] && !email.keywords['$seen']) {
          const from = email.from?.[0];
          this.onNewMail?.({ from: from?.name ?? from?.email ?? '', subject: email.subject ?? '' });
        }
      }
    } catch (error) {
      if (!(error instanceof JmapMethodError)) throw error;
      // cannotCalculateChanges: the list refresh below still brings the view up to date.
    }
  }
}

/** The undo of keyword patches: each "keywords/x" back to what the email had. */
function previousValues(
  patch: Record<string, unknown>,
  keywords: Record<string, boolean>,
): Record<string, true | null> {
  const undo: Record<string, true | null> = {};
  for (const path of Object.keys(patch)) {
    const keyword = path.startsWith('keywords/') ? path.slice('keywords/'.length) : null;
    if (keyword) undo[path] = keywords[keyword] ? true : null;
  }
  return undo;
}
