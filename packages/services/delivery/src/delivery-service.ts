// The delivery service: checks senders and recipients as the SMTP dialogue goes, then runs every
// message — received, submitted, internal or generated — through the one pipeline (§4).
import { ChasquiError, parseEmailAddress, type Clock, type Logger } from '@chasqui/core';
import type { DirectoryService } from '@chasqui/directory';
import type { MailService } from '@chasqui/mail';
import type { Account, DkimKey, Store } from '@chasqui/store';
import type { DNSResolver } from 'mailauth';
import { randomBytes } from 'node:crypto';
import { DkimKeyManager } from './dkim/dkim-keys.js';
import { cachingResolver } from './dns/caching-resolver.js';
import { domainOf } from './headers.js';
import { SrsRewriter } from './routing/srs.js';
import { DkimSigner } from './dkim/dkim-signer.js';
import { runPipeline } from './pipeline.js';
import { checkPostingPolicy, RecipientExpander } from './routing/expand-recipients.js';
import { ownedAddresses } from './routing/sender-addresses.js';
import { authenticateStage } from './stages/authenticate.js';
import { messageLogStage } from './stages/message-log.js';
import { queueRemoteStage } from './stages/queue-remote.js';
import { receivedStage } from './stages/received.js';
import { routeStage } from './stages/route.js';
import { senderPolicyStage } from './stages/sender-policy.js';
import { storeLocalStage, type LocalFailure } from './stages/store-local.js';
import { vacationReplyStage } from './stages/vacation-reply.js';
import { recipientHistoryStage } from './stages/recipient-history.js';
import { VacationResponder } from './vacation/vacation-responder.js';
import { buildDsn } from './outbound/dsn.js';
import {
  internalSession,
  type DeliveryContext,
  type Envelope,
  type Refusal,
  type SessionInfo,
  type Stage,
  type Verdict,
} from './types.js';

export interface DeliveryOptions {
  readonly hostname: string;
  /** What a full mailbox answers at RCPT: 452 (try later, the default) or 552. */
  readonly quotaFull: 'defer' | 'reject';
  readonly stageTimeoutMs: number;
  /** Our domain for SRS return paths of forwarded mail (default: the hostname's parent). */
  readonly srsDomain?: string;
  /** Extra stages between authentication and routing: spam, antivirus (later issues). */
  readonly classifiers?: readonly Stage[];
  readonly resolver?: DNSResolver;
  /** Days before a sender hears the same vacation response again (RFC 5230 `:days`; default 7). */
  readonly vacationPeriodDays?: number;
}

export interface DeliveryDeps {
  readonly store: Store;
  readonly directory: DirectoryService;
  readonly mail: MailService;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** What the SMTP dialogue knows when a recipient is given. */
export interface RecipientCheck {
  /** SIZE= of MAIL FROM (RFC 1870), 0 when not declared. */
  readonly declaredSize?: number;
  /** Recipients already accepted in this transaction. */
  readonly recipientsSoFar?: number;
}

export interface DeliveryResult {
  readonly verdict: Verdict;
  readonly refusal: Refusal | null;
  readonly logId: number | null;
  readonly timings: Readonly<Record<string, number>>;
}

function isAccepted(verdict: Verdict): boolean {
  return verdict !== 'reject' && verdict !== 'tempfail';
}

export class DeliveryService {
  readonly signer: DkimSigner;
  private readonly vacation: VacationResponder;
  private readonly expander: RecipientExpander;
  private readonly stages: Stage[];
  private srs: Promise<SrsRewriter> | null = null;
  private wakeQueue: () => void = () => undefined;

  constructor(
    private readonly deps: DeliveryDeps,
    private readonly options: DeliveryOptions,
  ) {
    this.signer = new DkimSigner(deps.store, deps.logger);
    this.vacation = new VacationResponder({
      store: deps.store,
      clock: deps.clock,
      logger: deps.logger,
      send: async (raw, recipient) => isAccepted(await this.deliverGenerated(raw, recipient, 'vacation')),
      ...(options.vacationPeriodDays === undefined ? {} : { periodDays: options.vacationPeriodDays }),
    });
    this.expander = new RecipientExpander(deps.directory, (address) => this.reverseSrs(address));
    this.stages = [
      receivedStage(options.hostname),
      authenticateStage({
        hostname: options.hostname,
        store: deps.store,
        resolver: options.resolver ?? cachingResolver(),
      }),
      senderPolicyStage(deps.store, deps.directory),
      ...(options.classifiers ?? []),
      routeStage(this.expander),
      storeLocalStage(deps.mail, deps.directory, (context, failures) => {
        void this.bounceLocalFailures(context, failures);
      }),
      queueRemoteStage({
        store: deps.store,
        signer: this.signer,
        returnPath: (mailFrom) => this.returnPath(mailFrom),
        wake: () => {
          this.wakeQueue();
        },
      }),
      vacationReplyStage(this.vacation),
      recipientHistoryStage(deps.mail),
      messageLogStage(deps.store),
    ];
  }

  /** RSA-2048 and Ed25519 signing keys for a domain that has none (new domains get both). */
  async ensureDkimKeys(domain: string): Promise<DkimKey[]> {
    const keys = await new DkimKeyManager(this.deps.store, this.deps.clock).ensureKeys(domain);
    this.signer.invalidate(domain);
    return keys;
  }

  /** The queue worker registers here to be woken when mail is queued. */
  onQueued(wake: () => void): void {
    this.wakeQueue = wake;
  }

  /** MAIL FROM: submission senders must own the address. Throws a catalogue error. */
  async checkSender(session: SessionInfo, mailFrom: string): Promise<void> {
    if (session.entry !== 'submission') return;
    if (!session.account) throw new ChasquiError('AUTH_REQUIRED');
    const owned = await ownedAddresses(this.deps.store, session.account);
    if (!owned.has(mailFrom.toLowerCase())) {
      throw new ChasquiError(
        'SENDER_NOT_ALLOWED',
        `<${mailFrom}> is not an address of ${session.account.address}`,
      );
    }
  }

  /**
   * RCPT TO: unknown users, relaying, list policy, class-of-service limits and full mailboxes
   * are refused here, before the client sends the message.
   */
  async checkRecipient(
    session: SessionInfo,
    mailFrom: string,
    address: string,
    context: RecipientCheck = {},
  ): Promise<void> {
    if (!parseEmailAddress(address))
      throw new ChasquiError('INVALID_ADDRESS', `<${address}> is not a valid address`);
    if (session.account) await this.checkSenderLimits(session.account, context);
    const resolution = await this.deps.directory.resolveRecipient(address);
    switch (resolution.kind) {
      case 'unknown':
        if ((await this.reverseSrs(address)) !== null) return;
        throw new ChasquiError('NOT_FOUND', `<${address}>: no such user here`);
      case 'external':
        if (session.entry === 'mx' || !session.account)
          throw new ChasquiError('RELAY_DENIED', `<${address}>: relay access denied`);
        return;
      case 'group':
        checkPostingPolicy(resolution.group, mailFrom);
        return;
      case 'alias':
        return;
      case 'account':
        await this.checkMailbox(resolution.account, address, context.declaredSize ?? 0);
    }
  }

  /** SRS keeps SPF passing for mail we forward: the return path becomes one of ours. */
  private async returnPath(mailFrom: string): Promise<string> {
    if (mailFrom === '' || (await this.deps.store.domains.getByName(domainOf(mailFrom)))) return mailFrom;
    return (await this.rewriter()).forward(mailFrom, this.deps.clock.now());
  }

  private async reverseSrs(address: string): Promise<string | null> {
    if (!/^srs0=/i.test(address)) return null;
    return (await this.rewriter()).reverse(address, this.deps.clock.now());
  }

  private rewriter(): Promise<SrsRewriter> {
    this.srs ??= this.deps.store.settings
      .getOrCreate('srs.secret', () => randomBytes(32).toString('hex'))
      .then(
        (secret) =>
          new SrsRewriter(secret, this.options.srsDomain ?? this.options.hostname.replace(/^[^.]+\./, '')),
      );
    return this.srs;
  }

  private async checkSenderLimits(account: Account, context: RecipientCheck): Promise<void> {
    const limits = await this.deps.directory.classes.limitsOf(account);
    if (limits.maxRecipients !== null && (context.recipientsSoFar ?? 0) >= limits.maxRecipients) {
      throw new ChasquiError('TOO_MANY_RECIPIENTS', `At most ${limits.maxRecipients} recipients per message`);
    }
    if (limits.maxMessageBytes !== null && (context.declaredSize ?? 0) > limits.maxMessageBytes) {
      throw new ChasquiError('MESSAGE_TOO_LARGE', `Messages are limited to ${limits.maxMessageBytes} bytes`);
    }
  }

  private async checkMailbox(account: Account, address: string, declaredSize: number): Promise<void> {
    if (account.state === 'disabled') throw new ChasquiError('NOT_FOUND', `<${address}>: mailbox disabled`);
    const limits = await this.deps.directory.classes.limitsOf(account);
    if (limits.maxMessageBytes !== null && declaredSize > limits.maxMessageBytes) {
      throw new ChasquiError(
        'MESSAGE_TOO_LARGE',
        `<${address}> accepts messages up to ${limits.maxMessageBytes} bytes`,
      );
    }
    if (limits.quotaBytes !== null && account.usedBytes + declaredSize >= limits.quotaBytes) {
      throw new ChasquiError(
        this.options.quotaFull === 'defer' ? 'QUOTA_EXCEEDED_TEMPORARY' : 'QUOTA_EXCEEDED',
        `<${address}>: mailbox full`,
      );
    }
  }

  /** Runs the pipeline; resolves once every local copy is durable and remote ones are queued. */
  async deliver(session: SessionInfo, envelope: Envelope, raw: Uint8Array): Promise<DeliveryResult> {
    const context: DeliveryContext = {
      session,
      envelope,
      raw,
      receivedAt: this.deps.clock.now(),
      parsed: await this.deps.mail.parse(raw),
      direction: session.entry === 'mx' ? 'inbound' : 'internal',
      prependHeaders: [],
      verdict: 'accept',
      refusal: null,
      authResults: null,
      score: null,
      ruleHits: [],
      local: [],
      remote: [],
      outcomes: [],
      timings: {},
      queueIds: [],
      logId: null,
    };
    await runPipeline(this.stages, context, {
      stageTimeoutMs: this.options.stageTimeoutMs,
      logger: this.deps.logger,
    });
    return {
      verdict: context.verdict,
      refusal: context.refusal,
      logId: context.logId,
      timings: context.timings,
    };
  }

  /** A message Chasqui writes itself (bounce, warning): null sender, same pipeline. */
  async sendGenerated(raw: Uint8Array, recipient: string): Promise<void> {
    await this.deliverGenerated(raw, recipient, 'generated');
  }

  /** Waits for the work that outlives a delivery (vacation replies): before shutdown, in tests. */
  drain(): Promise<void> {
    return this.vacation.idle();
  }

  private async deliverGenerated(raw: Uint8Array, recipient: string, sessionId: string): Promise<Verdict> {
    const session = internalSession(sessionId);
    const result = await this.deliver(session, { mailFrom: '', recipients: [{ address: recipient }] }, raw);
    if (!isAccepted(result.verdict)) {
      this.deps.logger.warn({ recipient, refusal: result.refusal }, 'delivery.generated_refused');
    }
    return result.verdict;
  }

  private async bounceLocalFailures(context: DeliveryContext, failures: LocalFailure[]): Promise<void> {
    if (context.envelope.mailFrom === '') return;
    const dsn = buildDsn({
      reportingMta: this.options.hostname,
      sender: context.envelope.mailFrom,
      arrivalDate: context.receivedAt,
      now: this.deps.clock.now(),
      original: context.raw,
      recipients: failures.map((failure) => ({
        address: failure.target.address,
        action: 'failed' as const,
        status:
          failure.code === 'QUOTA_EXCEEDED' || failure.code === 'QUOTA_EXCEEDED_TEMPORARY'
            ? '5.2.2'
            : '5.0.0',
        diagnostic: failure.detail,
      })),
    });
    try {
      await this.sendGenerated(dsn, context.envelope.mailFrom);
    } catch (error) {
      this.deps.logger.error({ err: error }, 'delivery.bounce_failed');
    }
  }
}
