/**
 * GPT-2's byte-to-unicode table, used by every byte-level BPE `tokenizer.json`: each of the 256
 * byte values is written as one printable character (printable Latin-1 bytes as themselves, the
 * rest shifted to U+0100..), so vocab and merges are plain strings. Warden tokenizes bytes
 * directly and only needs the table to read those strings back into bytes.
 */

/** `BYTE_TO_CHAR[b]` is the vocab character of byte `b`. */
export const BYTE_TO_CHAR: readonly string[] = buildTable();

const CHAR_TO_BYTE = new Map<string, number>(BYTE_TO_CHAR.map((char, byte) => [char, byte]));

function buildTable(): string[] {
  const table = new Array<string>(256);
  let shifted = 0;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
    table[b] = String.fromCharCode(printable ? b : 256 + shifted++);
  }
  return table;
}

/**
 * The bytes a byte-level vocab string stands for, as a Latin-1 string (one char per byte), or
 * `undefined` when the string holds a character outside the table.
 *
 * @example
 * byteLevelToLatin1('Ġhi'); // ' hi'
 */
export function byteLevelToLatin1(token: string): string | undefined {
  let out = '';
  for (const char of token) {
    const byte = CHAR_TO_BYTE.get(char);
    if (byte === undefined) return undefined;
    out += String.fromCharCode(byte);
  }
  return out;
}

/**
 * The byte-level vocab string of some bytes given as a Latin-1 string.
 *
 * @example
 * latin1ToByteLevel(' hi'); // 'Ġhi'
 */
export function latin1ToByteLevel(bytes: string): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += BYTE_TO_CHAR[bytes.charCodeAt(i)]!;
  return out;
}

/**
 * UTF-8 bytes of a string as a Latin-1 string (one char per byte). ASCII text is returned as is;
 * lone surrogates become U+FFFD, as in every UTF-8 encoder (and tiktoken).
 *
 * @example
 * utf8Latin1('é'); // '\u00c3\u00a9'
 */
export function utf8Latin1(text: string): string {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) return Buffer.from(text, 'utf8').toString('latin1');
  }
  return text;
}

/** Text of UTF-8 bytes held in a Latin-1 string; invalid sequences decode to U+FFFD. */
export function latin1Utf8(bytes: string): string {
  return Buffer.from(bytes, 'latin1').toString('utf8');
}
