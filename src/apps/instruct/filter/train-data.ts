import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileAtomic } from '../../../core/atomic.js';
import { mulberry32, randomInt } from '../../../text/random.js';
import { parseAttack, parseCapec } from '../collect/index.js';
import { relevanceText } from './text.js';
import { POOLS } from './train-pools.js';

/**
 * Builds the relevance classifier's labelled rows (`data/instruct/relevance/rows.jsonl`):
 * synthetic security text and synthetic non-security software/science text from templates
 * (train-pools.ts), plus the real descriptions of the bundled ATT&CK ICS and CAPEC slices as
 * positives. The bundled NVD CVEs are left out on purpose: they are the real-data check the
 * tests and the README report. Deterministic: fixed seed, one stream per family.
 *
 * Run: `npx tsx src/apps/instruct/filter/train-data.ts [out.jsonl]`
 */

export const SEED = 0x5eed_0808;
/** Rows wanted per template family. */
export const ROWS_PER_FAMILY = 240;

export interface RelevanceRow {
  id: string;
  text: string;
  label: 'relevant' | 'irrelevant';
  family: string;
}

interface Family {
  id: string;
  label: RelevanceRow['label'];
  templates: readonly string[];
}

/** Templates: `{pool}` slots are filled from POOLS; a family's templates differ in framing. */
export const FAMILIES: readonly Family[] = [
  { id: 'cve-memory', label: 'relevant', templates: [
    '{memvuln} in {product} {before} {version} allows {actor} to {impact} via {vector}.',
    '{memvuln} in the parser of {product} {version} might allow {actor} to {impact} via {vector}, related to missing bounds checks.',
    'A {memvuln} flaw was found in {product}. {actor} could {impact} by supplying {vector}.',
  ] },
  { id: 'cve-web', label: 'relevant', templates: [
    '{webvuln} vulnerability in {file} in {product} {version} allows {actor} to {webimpact} via the {param} parameter.',
    'Multiple {webvuln} vulnerabilities in {product} {before} {version} allow {actor} to {webimpact} via the {param} parameter to {file}.',
    '{product} {version} is vulnerable to {webvuln}: {actor} can {webimpact} through the {param} field of {file}.',
  ] },
  { id: 'cve-auth', label: 'relevant', templates: [
    '{product} {before} {version} does not {authcheck}, which allows {actor} to {authimpact}.',
    'Improper access control in {product} {version}: the service fails to {authcheck}, letting {actor} {authimpact}.',
    'An authentication bypass in {product} allows {actor} to {authimpact} because it does not {authcheck}.',
  ] },
  { id: 'cve-dos', label: 'relevant', templates: [
    '{product} {version} allows {actor} to cause a denial of service ({dosmode}) via {dosvector}.',
    'A denial of service vulnerability in {product} {before} {version} lets {actor} trigger a {dosmode} with {dosvector}.',
    '{actor} can cause a denial of service ({dosmode}) in {product} by sending {dosvector}.',
  ] },
  { id: 'advisory', label: 'relevant', templates: [
    'Security advisory: a critical vulnerability in {product} {version} lets {actor} {impact}. Upgrade to the fixed release and rotate exposed credentials.',
    'Patch now: the vendor fixed a flaw in {product} that allowed {actor} to {authimpact}. Exploitation in the wild has been reported.',
    'CISA added a {product} vulnerability to its catalogue of known exploited vulnerabilities; {actor} use it to {impact}.',
  ] },
  { id: 'threat-intel', label: 'relevant', templates: [
    '{group} has used {ttp} against {sector} organisations {intelgoal}.',
    'Researchers observed {group} relying on {ttp} to gain initial access to {sector} networks, {intelgoal}.',
    'In this campaign {group} combined {ttp} with custom malware {intelgoal}; victims were mostly in the {sector} sector.',
  ] },
  { id: 'technique', label: 'relevant', templates: [
    'Adversaries may {advaction} in order to {advgoal}.',
    'Adversaries may {advaction} to {advgoal}. Detection: monitor {datasource} for {indicator}.',
    'An attacker who has compromised a host may {advaction}, which helps them {advgoal} without raising alerts.',
  ] },
  { id: 'detection', label: 'relevant', templates: [
    'Monitor {datasource} for {indicator}, which may indicate {threat}.',
    'Hunt for {indicator} in {datasource}; these are common signs of {threat}.',
    'Alert on {indicator} seen in {datasource} to catch {threat} early.',
  ] },
  { id: 'mitigation', label: 'relevant', templates: [
    '{mitverb} {mitobject} to reduce the risk of {threat}.',
    '{mitverb} {mitobject}; this limits {threat} after an initial compromise.',
    'To defend against {threat}, {mitverb} {mitobject}.',
  ] },
  { id: 'malware', label: 'relevant', templates: [
    '{malware} is a {malkind} that {malbehav}.',
    'Analysts found that {malware}, a {malkind}, {malbehav} and was delivered through {ttp}.',
    'The {malkind} {malware} {malbehav}; it was seen in attacks on the {sector} sector.',
  ] },
  { id: 'security-paper', label: 'relevant', templates: [
    'We present {secapproach} to {secgoal}. {secresult}.',
    'This paper introduces {secapproach} that helps {secgoal}. {secresult}.',
    'Can we {secgoal}? We design {secapproach} and evaluate it on real systems. {secresult}.',
  ] },
  { id: 'ui-bug', label: 'irrelevant', templates: [
    'The {widget} on the {page} page {uibug} when {uicond} in {product} {version}.',
    'Bug: in {product} {version} the {widget} {uibug} if {uicond}. Expected it to look like the rest of the {page} screen.',
    'After updating {product} to {version}, the {widget} {uibug} whenever {uicond}.',
  ] },
  { id: 'docs', label: 'irrelevant', templates: [
    'Docs: {docfix} in {doc} of {product}.',
    'This pull request updates {doc}: {docfix}. No code changes.',
    'In {doc} for {product} {version}, please {docfix}; the current text confuses new users.',
  ] },
  { id: 'release-notes', label: 'irrelevant', templates: [
    '{product} {version} adds {feature}, improves {improvement} and fixes {fixedbug}.',
    'Release notes for {product} {version}: new {feature}; better {improvement}; fixed {fixedbug}.',
    "What's new in {product} {version}: {feature} and faster {improvement}. We also fixed {fixedbug}.",
  ] },
  { id: 'perf-bug', label: 'irrelevant', templates: [
    '{product} {version} becomes very slow when {perfcond}.',
    'Performance regression in {product} {version}: {improvement} got worse when {perfcond}.',
    'Scrolling stutters in {product} once {perfcond}; profiling points at the layout code.',
  ] },
  { id: 'crash-bug', label: 'irrelevant', templates: [
    '{product} {version} crashes on startup when {crashcond}.',
    'The app closes unexpectedly if {crashcond}. Reproduced with {product} {version} on {os}.',
    'Crash report: {product} throws an unhandled exception when {crashcond}; a restart fixes it.',
  ] },
  { id: 'build-issue', label: 'irrelevant', templates: [
    'Build of {product} {version} fails on {os} because of {builderr}.',
    'CI is red on {os}: compiling {product} stops with {builderr}.',
    'Cannot install {product} from source on {os}; the log shows {builderr}.',
  ] },
  { id: 'feature-request', label: 'irrelevant', templates: [
    'Feature request: it would be great if {product} supported {feature}.',
    'Could {product} add {feature}? We use it every day to {bizgoal}.',
    'Please consider {feature} for the next version of {product}; it would help us {bizgoal}.',
  ] },
  { id: 'ml-paper', label: 'irrelevant', templates: [
    'We propose {mlmodel} for {mltask}, improving {metric} on {dataset}.',
    'This paper studies {mltask} with {mlmodel}. Experiments on {dataset} show gains in {metric}.',
    'We introduce {mlmodel} and apply it to {mltask}; on {dataset} it improves {metric} at lower cost.',
  ] },
  { id: 'science-paper', label: 'irrelevant', templates: [
    'We measure {science} across several seasons. {sciresult}.',
    'This study models {science} with a new numerical method. {sciresult}.',
    'Little is known about {science}. We combine observations and simulations. {sciresult}.',
  ] },
  { id: 'product-general', label: 'irrelevant', templates: [
    '{product} helps teams {bizgoal} with {feature}.',
    '{general}. Details are on the website.',
    'Meet {product}: the easiest way to {bizgoal}, now with {feature}.',
  ] },
  { id: 'cve-terse', label: 'relevant', templates: [
    '{product} {version} does not properly {tersefail}, with unknown impact.',
    '{product} leaks {leak} in {leakwhere}.',
    '{product} {before} {version} displays {secret} {secretwhere}.',
    '{product} does not {tersefail}, which might allow {actor} to {impact}.',
  ] },
  { id: 'security-ops', label: 'relevant', templates: [
    '{secops} {mitobject} every quarter.',
    '{secops} {mitobject}, and alert on {indicator}.',
    'Checklist: {secops} {mitobject}; {mitverb} {mitobject}.',
  ] },
  { id: 'ui-security-words', label: 'irrelevant', templates: [
    'The {uiauth} {uiauthbug} in {product} {version}.',
    'UI polish: the {uiauth} {uiauthbug}.',
    'In {product}, the {uiauth} on the {page} page {uiauthbug}; purely cosmetic.',
  ] },
  { id: 'plain-bug-terse', label: 'irrelevant', templates: [
    '{product} {version} does not properly {plainfail}.',
    '{product} {before} {version} fails to {plainfail} on {os}.',
    'Since {version}, {product} no longer manages to {plainfail}.',
  ] },
  { id: 'ml-robustness', label: 'irrelevant', templates: [
    'We study {mlrobust} for {mltask} and find it improves {mlrobustgoal} on {dataset}.',
    'Does {mlrobust} help {mlmodel}? Experiments on {dataset} show better {mlrobustgoal}.',
    '{mlrobust} is a cheap way to improve {mlrobustgoal} of {mlmodel} for {mltask}.',
  ] },
];

function fill(template: string, rand: () => number): string {
  return template.replace(/\{([a-z]{1,20})\}/g, (_, slot: string) => {
    const pool = POOLS[slot];
    if (!pool) throw new Error(`train-data: unknown pool {${slot}}`);
    return pool[randomInt(rand, pool.length)]!;
  });
}

/** Capitalises the first letter (slots like "remote attackers" may open a sentence). */
function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Family seeds differ by a hash of the family id, so adding a family leaves the others' rows unchanged. */
function familySeed(seed: number, id: string): number {
  let h = seed >>> 0;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * The templated rows, `ROWS_PER_FAMILY` unique texts per family (fewer when its pools run out).
 *
 * @example
 * templatedRows().filter((r) => r.label === 'relevant').length;
 */
export function templatedRows(seed = SEED, perFamily = ROWS_PER_FAMILY): RelevanceRow[] {
  const rows: RelevanceRow[] = [];
  const seen = new Set<string>();
  for (const family of FAMILIES) {
    const rand = mulberry32(familySeed(seed, family.id));
    let n = 0;
    for (let attempt = 0; n < perFamily && attempt < perFamily * 20; attempt++) {
      const text = sentenceCase(fill(family.templates[attempt % family.templates.length]!, rand));
      if (seen.has(text)) continue;
      seen.add(text);
      rows.push({ id: `${family.id}-${++n}`, text, label: family.label, family: family.id });
    }
  }
  return rows;
}

/**
 * Real positives: the records of the bundled ATT&CK ICS and CAPEC slices, as the filter sees
 * them (relevanceText), one family per source.
 *
 * @example
 * const rows = await bundledRows('data/instruct/sources');
 */
export async function bundledRows(dir: string): Promise<RelevanceRow[]> {
  const rows: RelevanceRow[] = [];
  const sources = [
    { family: 'real-attack', file: 'ics-attack-slice.json', parse: parseAttack },
    { family: 'real-capec', file: 'capec_3000_v3.2-slice.xml', parse: parseCapec },
  ];
  for (const { family, file, parse } of sources) {
    const path = join(dir, file);
    const result = parse(await readFile(path, 'utf8'), path);
    for (const { record } of result.items) {
      const text = relevanceText(record);
      if (text.split(/\s+/).length >= 4) rows.push({ id: `${family}-${record.sourceId}`, text, label: 'relevant', family });
    }
  }
  return rows;
}

/** Every training row, templated first, then the bundled positives. */
export async function buildRelevanceRows(sourcesDir: string, seed = SEED): Promise<RelevanceRow[]> {
  return [...templatedRows(seed), ...(await bundledRows(sourcesDir))];
}

async function main(): Promise<void> {
  const root = join(import.meta.dirname, '../../../..');
  const out = process.argv[2] ?? join(root, 'data/instruct/relevance/rows.jsonl');
  const rows = await buildRelevanceRows(join(root, 'data/instruct/sources'));
  await writeFileAtomic(out, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const counts: Record<string, number> = {};
  for (const r of rows) counts[`${r.label}/${r.family}`] = (counts[`${r.label}/${r.family}`] ?? 0) + 1;
  process.stdout.write(`${rows.length} rows -> ${out}\n${JSON.stringify(counts, null, 1)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
