/**
 * The seeded DLP data generator and its validator (`warden synth dlp`, `warden synth
 * validate-dlp`). Other generators (the LLM-driven one) produce records of the same type,
 * check them with `checkRecord`/`validateDlp`, and serialise them with `serializeDsl`.
 *
 * @example
 * import { generateRecord, checkRecord, serializeDsl } from './apps/synth/dlp/index.js';
 * const record = generateRecord({ seed: 42, split: 'train', stream: 0, index: 0 });
 * checkRecord(record); // []
 * serializeDsl(record).text.startsWith('<CHANNEL> '); // true
 */
export * from './types.js';
export { GENERATOR, generateRecord, type RecordKey } from './record.js';
export { generateDataset, QUICK_DEMO, SPLITS, MAX_SPLIT_RECORDS, type DlpManifest, type GenerateOptions, type SplitFile, type SplitName } from './splits.js';
export { checkRecord, type CheckOptions, type Problem, type ProblemCode } from './check-record.js';
export { validateDlp, formatDlpReport, MAX_LINE_CHARS, type DlpIssue, type DlpValidateOptions, type DlpValidateReport } from './validate.js';
export { serializeDsl, bodyToDsl, dslToBody, locateBody, type DslText } from './dsl.js';
export { deriveLabels, labelRulesLines, labelRulesTable, SENSITIVITY_RULES, EXPOSURE_RULES, type LabelFacts, type Rule } from './labels.js';
export { deobfuscate, obfuscateValue, OBFUSCATION_TYPES } from './obfuscate.js';
export { canonicalValue, valueProblem } from './values/index.js';
export { countRecord, emptyDistributions, formatDistributions, type Distributions } from './stats.js';
export { Rng, fnv1a } from './prng.js';
