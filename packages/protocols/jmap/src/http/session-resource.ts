// RFC 8620 §2 the Session resource, with RFC 8621 and RFC 8887 capabilities. Its `state` is a
// hash of what the session says about the account and the server (not of the URLs, which only
// reflect how the client reached us), so it changes exactly when that content changes.
import { createHash } from 'node:crypto';
import type { Account } from '../api/account.js';
import { accountIdOf } from '../api/args.js';
import { capabilities, type JmapLimits, type JsonObject } from '../api/types.js';
import { maxDelayedSendSeconds } from '../methods/submission.js';

/** Where the webmail loads remote images through (urn:chasqui:params:jmap:preferences). */
export const imageProxyUrlTemplate = '/jmap/proxy/image?url={url}';

function sessionContent(account: Account, limits: JmapLimits): JsonObject {
  const accountId = accountIdOf(account);
  return {
    capabilities: {
      [capabilities.core]: { ...limits, collationAlgorithms: ['i;ascii-casemap', 'i;unicode-casemap'] },
      [capabilities.mail]: {},
      [capabilities.submission]: {},
      [capabilities.vacation]: {},
      [capabilities.websocket]: { supportsPush: true },
      [capabilities.preferences]: { imageProxyUrl: imageProxyUrlTemplate },
      [capabilities.directory]: {},
    },
    accounts: {
      [accountId]: {
        name: account.address,
        isPersonal: true,
        isReadOnly: false,
        accountCapabilities: {
          [capabilities.mail]: {
            maxMailboxesPerEmail: null,
            maxMailboxDepth: null,
            maxSizeMailboxName: 200,
            maxSizeAttachmentsPerEmail: limits.maxSizeUpload,
            emailQuerySortOptions: ['receivedAt', 'sentAt', 'size', 'from', 'to', 'subject', 'hasKeyword'],
            mayCreateTopLevelMailbox: true,
          },
          [capabilities.submission]: { maxDelayedSend: maxDelayedSendSeconds, submissionExtensions: {} },
          [capabilities.vacation]: {},
          [capabilities.preferences]: {},
          [capabilities.directory]: {},
        },
      },
    },
    primaryAccounts: {
      [capabilities.core]: accountId,
      [capabilities.mail]: accountId,
      [capabilities.submission]: accountId,
      [capabilities.vacation]: accountId,
      [capabilities.preferences]: accountId,
      [capabilities.directory]: accountId,
    },
    username: account.address,
  };
}

/** The session state of an account: also the `sessionState` of every API response. */
export function sessionState(account: Account, limits: JmapLimits): string {
  const content = JSON.stringify(sessionContent(account, limits));
  return createHash('sha256').update(content).digest('base64url').slice(0, 16);
}

export function sessionResource(
  account: Account,
  limits: JmapLimits,
  base: string,
  wsBase: string,
): JsonObject {
  const body = sessionContent(account, limits);
  const websocket = { url: `${wsBase}/jmap/ws`, supportsPush: true };
  return {
    ...body,
    capabilities: { ...(body['capabilities'] as JsonObject), [capabilities.websocket]: websocket },
    apiUrl: `${base}/jmap/api`,
    downloadUrl: `${base}/jmap/download/{accountId}/{blobId}/{name}?type={type}`,
    uploadUrl: `${base}/jmap/upload/{accountId}`,
    eventSourceUrl: `${base}/jmap/eventsource?types={types}&closeafter={closeafter}&ping={ping}`,
    state: sessionState(account, limits),
  };
}
