// RFC 8620 §2 the Session resource, with RFC 8621 and RFC 8887 capabilities.
import type { Account } from '../api/account.js';
import { accountIdOf } from '../api/args.js';
import { capabilities, type JmapLimits, type JsonObject } from '../api/types.js';

export function sessionResource(
  account: Account,
  limits: JmapLimits,
  base: string,
  wsBase: string,
): JsonObject {
  const accountId = accountIdOf(account);
  const body: JsonObject = {
    capabilities: {
      [capabilities.core]: { ...limits, collationAlgorithms: ['i;ascii-casemap', 'i;unicode-casemap'] },
      [capabilities.mail]: {},
      [capabilities.submission]: {},
      [capabilities.vacation]: {},
      [capabilities.websocket]: { url: `${wsBase}/jmap/ws`, supportsPush: true },
    },
    accounts: {
      [accountId]: {
        name: account.address,
        isPersonal: true,
        isReadOnly: false,
        accountCapabilities: {
          [capabilities.mail]: {
            maxMailboxesPerEmail: 1,
            maxMailboxDepth: null,
            maxSizeMailboxName: 200,
            maxSizeAttachmentsPerEmail: limits.maxSizeUpload,
            emailQuerySortOptions: ['receivedAt', 'sentAt', 'size', 'from', 'to', 'subject', 'hasKeyword'],
            mayCreateTopLevelMailbox: true,
          },
          [capabilities.submission]: { maxDelayedSend: 30 * 24 * 3600, submissionExtensions: {} },
          [capabilities.vacation]: {},
        },
      },
    },
    primaryAccounts: {
      [capabilities.core]: accountId,
      [capabilities.mail]: accountId,
      [capabilities.submission]: accountId,
      [capabilities.vacation]: accountId,
    },
    username: account.address,
    apiUrl: `${base}/jmap/api`,
    downloadUrl: `${base}/jmap/download/{accountId}/{blobId}/{name}?type={type}`,
    uploadUrl: `${base}/jmap/upload/{accountId}`,
    eventSourceUrl: `${base}/jmap/eventsource?types={types}&closeafter={closeafter}&ping={ping}`,
  };
  body['state'] = String(account.passwordChangedAt);
  return body;
}
