import type { DlpRecord } from './types.js';

/**
 * The DSL a model reads a record as, one section per line and the body verbatim:
 *
 * ```
 * <CHANNEL> email
 * <USER> role=counsel dept=legal seniority=senior
 * <RECIPIENT> a@hartleyfinch-law.com (partner, authorised); b@gmail.com (webmail)
 * <SUBJECT> Settlement draft v3
 * <BODY> Hi all,\n\n... (the body exactly as in the record, newlines included)
 * <ATTACHMENTS> settlement_draft_v3.docx (application/...; 48213 B)
 * <LINKS> https://wiki.northwind-meridian.com/legal/...
 * <META> created=2025-03-14T09:12:00.000Z thread=t-3fa9c01b2e messages=2
 * ```
 *
 * Every section before the body is one line (newlines in a subject become spaces), so the
 * body starts right after the first "\n<BODY> "; every section after it is one line too, so the
 * body ends at the last "\n<ATTACHMENTS> ". A body offset maps to `bodyStart + offset`.
 */
export interface DslText {
  text: string;
  /** Offset in `text` of body offset 0. */
  bodyStart: number;
  /** Offset in `text` just after the body. */
  bodyEnd: number;
}

const BODY_TAG = '\n<BODY> ';
const AFTER_BODY_TAG = '\n<ATTACHMENTS> ';
const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ');

/**
 * Serialises a record to the DSL, keeping body offsets recoverable.
 *
 * @example
 * const dsl = serializeDsl(record);
 * dsl.text.slice(bodyToDsl(dsl, span.start), bodyToDsl(dsl, span.end)) === record.body.slice(span.start, span.end); // true
 */
export function serializeDsl(record: DlpRecord): DslText {
  const recipients = record.recipients.map((r) => `${r.address} (${r.class}${r.class === 'partner' ? (r.authorised ? ', authorised' : ', not authorised') : ''})`).join('; ');
  const head =
    `<CHANNEL> ${record.channel}\n` +
    `<USER> role=${oneLine(record.user.role).replace(/ /g, '_')} dept=${oneLine(record.user.dept)} seniority=${record.user.seniority}\n` +
    `<RECIPIENT> ${oneLine(recipients)}\n` +
    `<SUBJECT> ${oneLine(record.subject)}` +
    BODY_TAG;
  const attachments = record.attachments.map((a) => `${oneLine(a.name)} (${oneLine(a.mime)}; ${a.size} B)`).join('; ');
  const meta = [`created=${record.meta?.created ?? ''}`, ...(record.thread ? [`thread=${record.thread.id}`, `messages=${record.thread.messages.length}`] : [])].join(' ');
  const tail = `${AFTER_BODY_TAG}${oneLine(attachments)}\n<LINKS> ${oneLine(record.links.join(' '))}\n<META> ${oneLine(meta)}`;
  return { text: head + record.body + tail, bodyStart: head.length, bodyEnd: head.length + record.body.length };
}

/**
 * A body offset as an offset into the DSL text.
 *
 * @example
 * bodyToDsl(dsl, 0) === dsl.bodyStart; // true
 */
export function bodyToDsl(dsl: DslText, offset: number): number {
  if (offset < 0 || dsl.bodyStart + offset > dsl.bodyEnd) throw new RangeError(`body offset ${offset} is outside the body`);
  return dsl.bodyStart + offset;
}

/**
 * A DSL offset as a body offset, or undefined when it lies outside the body.
 *
 * @example
 * dslToBody(dsl, dsl.bodyStart + 5); // 5
 */
export function dslToBody(dsl: DslText, offset: number): number | undefined {
  return offset >= dsl.bodyStart && offset <= dsl.bodyEnd ? offset - dsl.bodyStart : undefined;
}

/**
 * Recovers the body bounds from a DSL text alone (e.g. one read back from a training file).
 *
 * @example
 * locateBody(serializeDsl(record).text); // { text, bodyStart, bodyEnd }
 */
export function locateBody(text: string): DslText | undefined {
  const tag = text.indexOf(BODY_TAG);
  const after = text.lastIndexOf(AFTER_BODY_TAG);
  if (tag < 0 || after < tag + BODY_TAG.length) return undefined;
  return { text, bodyStart: tag + BODY_TAG.length, bodyEnd: after };
}
