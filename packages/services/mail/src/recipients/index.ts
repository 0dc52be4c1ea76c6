// Address autocomplete: recipients used by each account plus the global address list.
export {
  RecipientHistory,
  type RecipientAddress,
  type RecipientHistoryOptions,
  type RecipientKind,
  type RecipientMatch,
} from './recipient-history.js';
