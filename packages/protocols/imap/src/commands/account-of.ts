// The account of an authenticated session; the registry's state check makes it present.
import type { Account, SessionApi } from '../session/session-api.js';
import type { SelectedMailbox } from '../session/selected-mailbox.js';

export function accountOf(session: SessionApi): Account {
  if (session.account === null) throw new Error('command ran before authentication');
  return session.account;
}

export function selectedOf(session: SessionApi): SelectedMailbox {
  if (session.selected === null) throw new Error('command ran without a selected mailbox');
  return session.selected;
}
