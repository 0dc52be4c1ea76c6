// The pure IMAP4rev2 protocol layer: bytes in, commands out; values in, response bytes out.
// No I/O, no clock, no store: the session and the command handlers build on this.
export {
  CommandReader,
  defaultReaderLimits,
  type RawCommand,
  type RawLiteral,
  type ReaderError,
  type ReaderErrorCode,
  type ReaderEvent,
  type ReaderLimits,
} from './command-reader.js';
export { parseCommand, type ParseOptions } from './parser.js';
export {
  astringValue,
  atomText,
  sequenceSetOf,
  type AtomToken,
  type ListToken,
  type LiteralToken,
  type NilToken,
  type NumberToken,
  type ParsedCommand,
  type ParseError,
  type ParseResult,
  type SectionName,
  type SectionText,
  type SectionToken,
  type SequenceToken,
  type StringToken,
  type Token,
} from './tokens.js';
export {
  DEFAULT_MAX_SEQUENCE_ITEMS,
  SequenceSet,
  formatSequenceSet,
  parseSequenceSet,
  type NumberRange,
  type SequenceSetResult,
} from './sequence-set.js';
export { formatSection, type SectionSpec } from './section.js';
export {
  astring,
  atom,
  continuation,
  encodeValue,
  encodeValueText,
  untaggedText,
  literal,
  tagged,
  untagged,
  untaggedStatus,
  verbatim,
  type AstringValue,
  type AtomValue,
  type EncodeOptions,
  type ImapValue,
  type LiteralValue,
  type ResponseCode,
  type ResponseStatus,
} from './compiler.js';
export { decodeMailboxName, encodeMailboxName, type MailboxNameResult } from './mailbox-name.js';
export { MAX_NZ_NUMBER, formatAstring, isValidAstringAtom, isValidAtom, isValidTag } from './grammar.js';
