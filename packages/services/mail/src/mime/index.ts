// MIME reading shared by IMAP FETCH and JMAP: part tree with offsets, headers, addresses,
// transfer and charset decoding.
export { countLines, entityHeader, parseMimeTree, splitMultipart, type MimeEntity } from './mime-tree.js';
export {
  findBodyStart,
  headerText,
  headerValue,
  messageHeaderFields,
  parseHeaderFields,
  selectHeaderLines,
  type HeaderField,
} from './header-block.js';
export { paramValue, parseStructuredValue, type StructuredValue } from './structured-value.js';
export {
  namedAddresses,
  parseAddressList,
  type AddressItem,
  type ParsedAddress,
  type ParsedGroup,
} from './address-list.js';
export { decodeBase64, decodeQuotedPrintable, decodeTransfer } from './transfer-encoding.js';
export { decodeCharset } from './charsets.js';
export { decodeEncodedWords } from './encoded-words.js';
export {
  basicBodyOf,
  decodeSummary,
  encodeSummary,
  summarizeMessage,
  summarizeTree,
  type MessageSummary,
} from './message-summary.js';
export type { SummaryValue } from './summary-value.js';
