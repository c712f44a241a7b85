import type { LangBank } from '../types.js';
import { DE } from './de.js';
import { ES } from './es.js';
import { FR } from './fr.js';
import { TR } from './tr.js';
import { ZH } from './zh.js';

/** Hand-written phrase banks, one per language besides English. */
export const BANKS: readonly LangBank[] = [DE, TR, ES, FR, ZH];
