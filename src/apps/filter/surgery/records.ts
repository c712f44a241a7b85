import { stat } from 'node:fs/promises';
import { WardenError } from '../../../core/errors.js';
import { requireFileKind } from '../../../io/formats.js';
import type { InputFile } from '../../../io/inputs.js';
import { partitionFile, readPart } from '../../../io/parts.js';
import type { FieldMap, Rec } from '../../../io/record.js';

/** A record with where it came from: the file (relative name) and its 0-based row there. */
export interface Located {
  record: Rec;
  file: string;
  row: number;
}

/** The text of a record ('' when the field is absent or not a string, e.g. a null cell). */
export function textOf(record: Rec, fields: FieldMap): string {
  const value = record[fields.text];
  return typeof value === 'string' ? value : '';
}

/**
 * Streams the records of data files in order, whole files one after another, with their file
 * and row. Bad rows fail: surgery reads outputs Warden wrote, or data sets the user names, and
 * a silently skipped row would break the budget.
 *
 * @example
 * for await (const { record, file, row } of readFiles(files, { text: 'text', id: 'id' })) use(record);
 */
export async function* readFiles(files: readonly InputFile[], fields: FieldMap): AsyncGenerator<Located> {
  for (const file of files) {
    let row = 0;
    for (const part of await partitionFile(file, Number.MAX_SAFE_INTEGER)) {
      for await (const batch of readPart(part, { fields, onError: 'fail', requireText: true })) {
        for (const record of batch.records) yield { record, file: file.rel, row: row++ };
      }
    }
  }
}

/** An InputFile for a single data file given by path (format from its name). */
export async function inputFileOf(path: string, rel: string, split?: string): Promise<InputFile> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (cause) {
    throw new WardenError('W_IO_NOT_FOUND', 'data file is missing', { where: path, cause });
  }
  return { ...requireFileKind(path), path, rel, size, ...(split ? { split } : {}) };
}
