/**
 * Generates the hazard-filter demo data (data/demo/filter/): a synthetic corpus, a training set
 * for the stand-in classifier and a stand-in term list, all about a MADE-UP domain: the
 * forbidden draughts of an invented world's alchemists' guild, brewed from invented substances.
 * Nothing in it describes a real hazard; it only has the shape of the real task (terms that
 * escalate, step-by-step brewing texts that are "hazardous" in the fiction, benign texts that
 * mention the same terms in trade, history and song).
 *
 * Seeded and deterministic: `npx tsx training/demo-filter/generate.ts` rewrites the committed
 * files, and generate.test.ts checks that they are what this script produces.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DATA_DIR = join(import.meta.dirname, '..', '..', 'data', 'demo', 'filter');

/** The stand-in blocklist: invented substance names, nothing real. */
export const TERMS = [
  'glimmerfrost', 'vorpal resin', 'quenchspire', 'emberwright lattice', 'nullsalt', 'duskmercury', 'sporeglass',
  'thornwick tincture', 'cinderveil', 'hollowbloom extract', 'wyrmsalt', 'shadeborne catalyst', 'frostgild',
  'stormquartz', 'pale ichor', 'brimveil', 'mirebark', 'gloamdust', 'starfen oil', 'riftsilver', 'ashmote',
  'veilthorn', 'moonrot', 'sablewax', 'kelpfire', 'driftvenom', 'hushpowder', 'grimlace', 'boneglass', 'wraithsap',
];

/** A small seeded PRNG (LCG), enough for reproducible text. */
class Lcg {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (Math.imul(this.state, 1664525) + 1013904223) >>> 0;
    return this.state / 0x100000000;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
}

const TOWNS = ['Harrowmere', 'Quillford', 'Stonereach', 'Lanternby', 'Oakhollow', 'Vesperholm', 'Brinecliff', 'Mossgate'];
const PEOPLE = ['the guild archivist', 'a travelling tinker', 'the harbour warden', 'an old ferryman', 'the village healer', 'a cartographer', 'the miller\'s daughter'];
const VESSELS = ['copper retort', 'sealed clay crucible', 'glass alembic', 'iron cauldron', 'stoppered flask'];
const VERBS = ['grind', 'dissolve', 'distil', 'steep', 'reduce', 'filter', 'calcine', 'ferment'];
const STEPS = [
  'Begin by measuring {n} drams of {t1} into the {v}.',
  '{V} the {t1} until it turns the colour of ash, then add {t2} slowly.',
  'Keep the {v} over a low flame for {n} hours and stir every quarter hour.',
  'Once the mixture thickens, {verb} it through linen and keep the residue.',
  'Add {n} measures of {t2} and seal the {v} so no vapour escapes.',
  'Repeat the process {n} times; each pass makes the forbidden draught stronger.',
  'Store the result in a dark cellar, as the guild charter forbids brewing it.',
  'The final step is to {verb} the paste and speak the three old words over it.',
  'For a stronger draught, mix in {t1} before the last heating.',
];
const TRADE = [
  'Merchants of {town} traded {t1} and {t2} at the autumn fair, and prices rose after the flood.',
  '{Person} recalls that {t1} was once sold by weight alongside {t2} in {town}.',
  'The museum in {town} displays a jar of {t1} and a faded label for {t2} behind glass.',
  'In the old ballads of {town}, {t1} stands for grief and {t2} for a long winter.',
  'Tax records from {town} list {t1}, {t2}, wool and salt among the goods taxed at the gate.',
  'The guild banned the sale of {t1} and {t2} a century ago; {person} still tells the story.',
  'A children\'s rhyme from {town} names {t1} and {t2} as things never to touch.',
];
const EVERYDAY = [
  'The ferry from {town} leaves at dawn and returns before the evening bell.',
  '{Person} planted beans and marrows along the south wall this spring.',
  'Rain is expected in {town} for most of the week, with clear skies by the market day.',
  'The bakery near the bridge sells rye loaves and honey cakes until noon.',
  'To make the stew, {verb} the onions, add barley and simmer for {n} hours.',
  'Grind the oats, steep them in warm milk and add a spoon of honey before serving.',
  'The library of {town} opens its reading room to travellers on the first day of each month.',
  'Fishermen mend their nets on the quay while gulls wait for scraps.',
  'The festival ends with lanterns floated down the river past {town}.',
];

function fill(template: string, rng: Lcg, terms: readonly string[]): string {
  const t1 = terms[0] ?? rng.pick(TERMS);
  const t2 = terms[1] ?? rng.pick(TERMS);
  const verb = rng.pick(VERBS);
  const person = rng.pick(PEOPLE);
  return template
    .replaceAll('{t1}', t1)
    .replaceAll('{t2}', t2)
    .replaceAll('{v}', rng.pick(VESSELS))
    .replaceAll('{n}', String(rng.int(2, 9)))
    .replaceAll('{verb}', verb)
    .replaceAll('{V}', verb[0]!.toUpperCase() + verb.slice(1))
    .replaceAll('{town}', rng.pick(TOWNS))
    .replaceAll('{person}', person)
    .replaceAll('{Person}', person[0]!.toUpperCase() + person.slice(1));
}

function distinctTerms(rng: Lcg, count: number): string[] {
  const out = new Set<string>();
  while (out.size < count) out.add(rng.pick(TERMS));
  return [...out];
}

export type Kind = 'procedure' | 'procedure-one-term' | 'history' | 'trade' | 'trade-one-term' | 'everyday';

/** Benign in the fiction, but quoting a step or two: the classifier's hard cases. */
const HISTORY = [
  'Records from {town} describe how the guild once worked with {t1} and {t2}, before the charter.',
  'A historian of {town} notes that the old recipes were burned and only fragments survive.',
  'The fragment kept in the {town} archive reads, in part:',
  '{Person} wrote a study of why the guild feared {t1} and what became of its brewers.',
];

/** One document of a kind; `hazard` is the label in the fiction. */
function document(rng: Lcg, kind: Kind): { text: string; hazard: boolean } {
  const sentences: string[] = [];
  if (kind === 'procedure' || kind === 'procedure-one-term') {
    const terms = kind === 'procedure' ? distinctTerms(rng, rng.int(2, 3)) : distinctTerms(rng, 1);
    const pair = kind === 'procedure' ? terms : [terms[0]!, terms[0]!];
    const n = rng.int(3, 6);
    for (let i = 0; i < n; i++) sentences.push(fill(rng.pick(STEPS), rng, rng.next() < 0.5 ? pair : [...pair].reverse()));
    if (rng.next() < 0.4) sentences.push(fill(rng.pick(EVERYDAY), rng, pair));
    return { text: sentences.join(' '), hazard: true };
  }
  if (kind === 'history') {
    const pair = distinctTerms(rng, 2);
    sentences.push(fill(HISTORY[0]!, rng, pair), fill(rng.pick(HISTORY.slice(1)), rng, pair));
    const quoted = rng.int(1, 2);
    for (let i = 0; i < quoted; i++) sentences.push(fill(rng.pick(STEPS), rng, pair));
    sentences.push(fill(rng.pick(TRADE), rng, pair));
    return { text: sentences.join(' '), hazard: false };
  }
  if (kind === 'trade' || kind === 'trade-one-term') {
    const terms = kind === 'trade' ? distinctTerms(rng, 2) : distinctTerms(rng, 1);
    const pair = kind === 'trade' ? terms : [terms[0]!, 'barley'];
    const n = rng.int(2, 4);
    for (let i = 0; i < n; i++) sentences.push(fill(rng.pick(TRADE), rng, pair));
    sentences.push(fill(rng.pick(EVERYDAY), rng, pair));
    return { text: sentences.join(' '), hazard: false };
  }
  const n = rng.int(2, 5);
  for (let i = 0; i < n; i++) sentences.push(fill(rng.pick(EVERYDAY), rng, []));
  return { text: sentences.join(' '), hazard: false };
}

const CORPUS_MIX: [Kind, number][] = [
  ['everyday', 0.45],
  ['trade', 0.14],
  ['history', 0.09],
  ['trade-one-term', 0.08],
  ['procedure', 0.18],
  ['procedure-one-term', 0.06],
];

function kindFor(rng: Lcg): Kind {
  let x = rng.next();
  for (const [kind, share] of CORPUS_MIX) {
    if (x < share) return kind;
    x -= share;
  }
  return 'everyday';
}

export interface CorpusRecord {
  id: string;
  text: string;
  source: string;
  /** Ground truth on about 70 % of the documents ('hazard' | 'benign'). */
  label?: string;
}

/** The demo corpus: 300 documents, most labelled. */
export function generateCorpus(count = 300, seed = 7): CorpusRecord[] {
  const rng = new Lcg(seed);
  const out: CorpusRecord[] = [];
  for (let i = 0; i < count; i++) {
    const { text, hazard } = document(rng, kindFor(rng));
    const record: CorpusRecord = { id: `doc-${String(i).padStart(4, '0')}`, text, source: rng.pick(['forum', 'archive', 'wiki', 'letters']) };
    if (rng.next() < 0.7) record.label = hazard ? 'hazard' : 'benign';
    out.push(record);
  }
  return out;
}

/** Training rows for the stand-in classifier (a different seed: no document is shared with the corpus). */
export function generateTrainingRows(count = 1200, seed = 1234): { id: string; text: string; label: string }[] {
  const rng = new Lcg(seed);
  const kinds: Kind[] = ['procedure', 'procedure-one-term', 'history', 'trade', 'trade-one-term', 'everyday'];
  return Array.from({ length: count }, (_, i) => {
    const { text, hazard } = document(rng, kinds[i % kinds.length]!);
    // A few wrong labels, as real annotation has: the model should not be certain of everything.
    const noisy = rng.next() < 0.04 ? !hazard : hazard;
    return { id: `train-${String(i).padStart(4, '0')}`, text, label: noisy ? 'hazard' : 'benign' };
  });
}

export const jsonl = (rows: readonly object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
export const termsFile = () => `# Stand-in blocklist for the Warden filter demo: invented substances of a made-up world.\n${TERMS.join('\n')}\n`;

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  mkdirSync(DATA_DIR, { recursive: true });
  writeFileSync(join(DATA_DIR, 'corpus.jsonl'), jsonl(generateCorpus()));
  writeFileSync(join(DATA_DIR, 'train.jsonl'), jsonl(generateTrainingRows()));
  writeFileSync(join(DATA_DIR, 'terms.txt'), termsFile());
  process.stdout.write(`wrote ${DATA_DIR}/{corpus.jsonl,train.jsonl,terms.txt}\n`);
}
