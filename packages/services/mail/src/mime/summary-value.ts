// The values of RFC 9051 §7.5.2 ENVELOPE and BODYSTRUCTURE as plain data: strings, numbers, NIL
// (null) and parenthesised lists. Plain so that they survive a JSON round trip in the store.

export type SummaryValue = string | number | null | readonly SummaryValue[];
