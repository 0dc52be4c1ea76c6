// The pure POP3 layer: framing, command syntax, responses, message bodies and SASL PLAIN. No
// socket, no store, no clock.
export { LineReader, type LineEvent } from './line-reader.js';
export {
  parseCommandLine,
  parseLineCount,
  parseMessageNumber,
  type CommandLine,
  type CommandLineResult,
} from './command-line.js';
export { continuationLine, errLine, okLine, textBlock, type ResponseCode } from './replies.js';
export { encodeMessageBody, topOfMessage } from './message-body.js';
export { decodePlain, type PlainCredentials } from './sasl-plain.js';
