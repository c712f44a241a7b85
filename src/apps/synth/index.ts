export { scanJsonlText, type Artefact, type ArtefactKind, type ScannedFile, type ScannedRow } from './artefacts.js';
export { codeEvidence, looksLikeCommand } from './code.js';
export { combineFiles, type CombineOptions, type CombineReport } from './combine.js';
export { duplicateKey, findDuplicates, rowsToDrop, type DuplicatePair } from './duplicates.js';
export { formatValidateJson, formatValidateText } from './report.js';
export { checkRow, DEFAULT_LABELS, DEFAULT_SCHEMA, DEFAULT_SEGMENT_TYPES, type DatasetSchema } from './schema.js';
export { labelSkew, type SkewOptions, type SkewReport } from './skew.js';
export { splitFile, type SplitOptions, type SplitReport } from './split.js';
export { DEFAULT_NEAR_DUP, DEFAULT_SKEW, validateFiles, type Issue, type ValidateOptions, type ValidateReport } from './validate.js';
