// Saving drafts (Email/set with $draft in Drafts) and sending (EmailSubmission/set, with
// sendAt for scheduled send), RFC 8621 §4.6 and §7.5.
import { assertSet, type JmapClient } from '../jmap/client.ts';
import type { Email, SetResponse } from '../jmap/types.ts';
import { toEmailCreate, type DraftContent } from '../mail/compose-model.ts';

export interface Folders {
  drafts: string;
  sent: string | null;
}

/** Replaces the previous draft (if any) with a new one; returns the new draft id. */
export async function saveDraft(
  client: JmapClient,
  draft: DraftContent,
  folders: Folders,
  previousId: string | null,
): Promise<string> {
  const response = assertSet(
    await client.call<SetResponse<Email>>('Email/set', {
      create: { draft: toEmailCreate(draft, folders.drafts) },
      ...(previousId ? { destroy: [previousId] } : {}),
    }),
  );
  const created = response.created?.['draft'];
  if (!created?.id) throw new Error('draft not created');
  return created.id;
}

/**
 * Creates the final message and submits it in one request. On success the server moves it
 * from Drafts to Sent and clears $draft (onSuccessUpdateEmail, RFC 8621 §7.5).
 */
export async function sendMessage(
  client: JmapClient,
  draft: DraftContent,
  folders: Folders,
  previousDraftId: string | null,
  sendAt: Date | null,
): Promise<void> {
  const onSuccess: Record<string, unknown> = {
    'keywords/$draft': null,
    [`mailboxIds/${folders.drafts}`]: null,
  };
  if (folders.sent) onSuccess[`mailboxIds/${folders.sent}`] = true;
  const recipients = [...draft.to, ...draft.cc, ...draft.bcc].map((a) => ({ email: a.email }));
  const batch = client.batch();
  const email = batch.add<SetResponse<Email>>('Email/set', {
    create: { outgoing: toEmailCreate(draft, folders.drafts) },
    ...(previousDraftId ? { destroy: [previousDraftId] } : {}),
  });
  const submission = batch.add<SetResponse<unknown>>('EmailSubmission/set', {
    create: {
      send: {
        identityId: draft.identity.id,
        emailId: '#outgoing',
        envelope: { mailFrom: { email: draft.identity.email }, rcptTo: recipients },
        ...(sendAt ? { sendAt: sendAt.toISOString() } : {}),
      },
    },
    onSuccessUpdateEmail: { '#send': onSuccess },
  });
  await batch.send();
  assertSet(await email.result);
  assertSet(await submission.result);
}
