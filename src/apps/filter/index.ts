/**
 * The corpus hazard filter: a pipeline run whose stages are the cascade (blocklist →
 * classifier → LLM judge → decision), its reports, and rethreshold.
 */
export { buildFilterRunConfig, FILTER_DEFAULTS, filterSpecOf, type FilterRunOptions, type FilterSpec, type LlmFlags } from './config.js';
export { filterDemoStep, DEMO_FILTER_MODEL, type FilterDemoStep } from './demo.js';
export { FILTER_NAMES, LLM_ERROR_POLICIES, decide, type Decision, type FilterName, type Judgments, type LlmErrorPolicy } from './judgment.js';
export { JudgmentsWriter, judgmentColumns, readJudgments, type JudgmentRow } from './judgments-file.js';
export { filterPaths } from './layout.js';
export type { Confusion, FilterReport, LabelReport, SplitReport, StageReport } from './report.js';
export { rethreshold, type RethresholdResult } from './rethreshold.js';
export { runFilter, type FilterRunControl, type FilterRunResult } from './run.js';
