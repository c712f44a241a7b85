import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WardenError } from '../../core/errors.js';
import { loadHfTokenizer } from './hf-tokenizer.js';
import { TIKTOKEN_ENCODINGS, loadTiktoken, type TiktokenEncodingName } from './tiktoken.js';
import type { Tokenizer } from './types.js';

export type { Tokenizer } from './types.js';
export { HfBpeTokenizer, loadHfTokenizer } from './hf-tokenizer.js';
export { TIKTOKEN_ENCODINGS, TiktokenEncoding, loadTiktoken } from './tiktoken.js';

/**
 * A tokenizer by name: `o200k_base`, `cl100k_base`, a `tokenizer.json` path, or a folder that
 * holds one (a Hugging Face model folder).
 *
 * @example
 * const tok = await loadTokenizer('o200k_base');
 * tok.count('How many tokens?');
 */
export async function loadTokenizer(spec: string): Promise<Tokenizer> {
  if ((TIKTOKEN_ENCODINGS as readonly string[]).includes(spec)) return loadTiktoken(spec as TiktokenEncodingName);
  if (existsSync(spec) && statSync(spec).isDirectory()) {
    const file = join(spec, 'tokenizer.json');
    if (!existsSync(file)) throw new WardenError('W_IO_NOT_FOUND', 'folder has no tokenizer.json', { where: spec });
    return loadHfTokenizer(file);
  }
  if (!existsSync(spec)) {
    throw new WardenError('W_USAGE', `unknown tokenizer "${spec}": use ${TIKTOKEN_ENCODINGS.join(' or ')}, or the path of a Hugging Face tokenizer.json`);
  }
  return loadHfTokenizer(spec);
}
