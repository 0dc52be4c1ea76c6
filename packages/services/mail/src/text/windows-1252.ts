// Node 20's TextDecoder decodes `windows-1252` (and `iso-8859-1`, which WHATWG aliases to it) as
// plain Latin-1, so Outlook's curly quotes, dashes and € arrive as C1 control characters.
// Genuine C1 controls never appear in mail text, so mapping them back is safe.

const c1ToWindows1252: Readonly<Record<number, string>> = {
  0x80: '€',
  0x82: '‚',
  0x83: 'ƒ',
  0x84: '„',
  0x85: '…',
  0x86: '†',
  0x87: '‡',
  0x88: 'ˆ',
  0x89: '‰',
  0x8a: 'Š',
  0x8b: '‹',
  0x8c: 'Œ',
  0x8e: 'Ž',
  0x91: '‘',
  0x92: '’',
  0x93: '“',
  0x94: '”',
  0x95: '•',
  0x96: '–',
  0x97: '—',
  0x98: '˜',
  0x99: '™',
  0x9a: 'š',
  0x9b: '›',
  0x9c: 'œ',
  0x9e: 'ž',
  0x9f: 'Ÿ',
};

const c1Pattern = /[\u0080-\u009f]/g;

/** Replaces C1 control characters by the windows-1252 characters they stand for. */
export function repairWindows1252(text: string): string {
  return text.replace(c1Pattern, (char) => c1ToWindows1252[char.charCodeAt(0)] ?? ' ');
}
