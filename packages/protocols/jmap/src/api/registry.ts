// The typed method registry: method name → spec, built from each type's module.
import { echoMethods } from '../methods/core-echo.js';
import { emailReadMethods } from '../methods/email-get.js';
import { emailQueryMethods } from '../methods/email-query.js';
import { emailWriteMethods } from '../methods/email-set.js';
import { identityMethods } from '../methods/identity.js';
import { mailboxMethods } from '../methods/mailbox.js';
import { preferencesMethods } from '../methods/preferences.js';
import { recipientMethods } from '../methods/recipient-query.js';
import { snippetMethods } from '../methods/search-snippet.js';
import { submissionMethods } from '../methods/submission.js';
import { vacationMethods } from '../methods/vacation.js';
import { emailCopyMethods } from '../methods/email-copy.js';
import type { MethodSpec } from './types.js';

export const methodRegistry: ReadonlyMap<string, MethodSpec> = new Map(
  [
    ...echoMethods,
    ...mailboxMethods,
    ...emailReadMethods,
    ...emailQueryMethods,
    ...emailWriteMethods,
    ...identityMethods,
    ...submissionMethods,
    ...snippetMethods,
    ...vacationMethods,
    ...emailCopyMethods,
    ...preferencesMethods,
    ...recipientMethods,
  ].map((spec) => [spec.name, spec]),
);
