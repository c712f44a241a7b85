/**
 * The one-command pipeline's options, its manifest (`pipeline.json`) and what one invocation
 * returns. The manifest is the completion record: a stage whose entry is `done` with the same
 * input hashes, options hash and intact outputs is skipped on the next run.
 */
import type { OnlineFlags } from '../collect/index.js';

/** The seven stages, in order. */
export const STAGE_NAMES = ['collect', 'filter', 'structure', 'classify', 'review', 'align', 'assemble'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/** What to do with pairs still pending after the non-interactive review. */
export type ReviewPendingPolicy = 'wait' | 'approve' | 'reject';
export const REVIEW_PENDING_POLICIES: readonly ReviewPendingPolicy[] = ['wait', 'approve', 'reject'];

/** Stages that may use the configured LLM, each through its own switch. */
export const LLM_STAGES = ['filter', 'structure', 'classify', 'align'] as const;
export type LlmStage = (typeof LLM_STAGES)[number];

export interface InstructPipelineOptions {
  /** Run directory: every stage's output and pipeline.json go here. */
  out: string;
  /** Snapshot directory for collect; without it, NVD is collected online (needs `since`). */
  offline?: string;
  /** Collect sources (default: every offline source). */
  sources?: string[];
  /** Collect: keep records modified since this date. */
  since?: Date;
  /** Store URL for collect and review (default sqlite:OUT/instruct.db). */
  db?: string;
  /** Filter: relevance classifier directory and threshold. */
  filterModel?: string;
  filterThreshold?: number;
  /** Structure: template seed (also align's and assemble's seed unless given) and templates per record. */
  seed?: number;
  templatesPerRecord?: number;
  /** Online collection (with `since`): API URLs, credentials and page limits; the rest comes from the environment. */
  online?: OnlineFlags;
  /** Structure: worker threads (the output does not depend on it, so it is not part of the stage's options). */
  workers?: number;
  /** Classify: domain classifier directory and the smallest confidence kept. */
  classifyModel?: string;
  minConfidence?: number;
  /** Review: reviewer id for auto-approvals, threshold, and the pending policy (default `wait`). */
  reviewer?: string;
  autoApproveAbove?: number;
  reviewPending?: ReviewPendingPolicy;
  /** Align: aligned share of the output (default 0.2). */
  alignRatio?: number;
  /** Assemble: export formats (default all). */
  formats?: string[];
  /** Stages that use the LLM configured in the environment. */
  llmStages?: LlmStage[];
  /** Run this stage and every later one even when up to date. */
  from?: StageName;
  /** Stop after this stage. */
  until?: StageName;
  /** Run only this stage (its inputs must exist). */
  only?: StageName;
  /** One line per stage event; absent means silent. */
  progress?: (line: string) => void;
}

/** A file (or folder) a stage read or wrote, with its content hash. */
export interface FileHash {
  /** Relative to the run directory when inside it, else absolute. */
  path: string;
  sha256: string;
}

/** One stage's entry in pipeline.json. */
export interface StageEntry {
  status: 'running' | 'done' | 'waiting' | 'failed';
  inputs: FileHash[];
  /** sha256 over every input hash: one value to compare. */
  input_sha256: string;
  options: unknown;
  options_hash: string;
  outputs: FileHash[];
  started_at: string;
  finished_at?: string;
  seconds?: number;
  /** The progress line's counts, shown again when the stage is skipped. */
  summary?: string;
  report?: unknown;
  error?: string;
}

export interface PipelineManifest {
  warden: string;
  status: PipelineStatus;
  created_at: string;
  updated_at: string;
  stages: Partial<Record<StageName, StageEntry>>;
}

export type PipelineStatus = 'running' | 'complete' | 'waiting-for-review' | 'stopped' | 'failed';

/** What happened to one stage in this invocation. */
export interface StageOutcome {
  stage: StageName;
  status: 'ran' | 'skipped' | 'waiting' | 'not-run';
  /** Why it ran or was skipped: `up to date`, `input changed`, `options changed`, `--from`... */
  reason: string;
  seconds: number;
  /** One line of counts for the progress output. */
  summary?: string;
  report?: unknown;
  outputs: string[];
}

export interface PipelineResult {
  out: string;
  status: PipelineStatus;
  stages: StageOutcome[];
  /** Pairs awaiting a human decision, when the review stage left some. */
  pending?: number;
  /** The command that reviews them, when the run stopped for review. */
  reviewCommand?: string;
  /** The dataset folder, when assemble has run or is up to date. */
  dataset?: string;
  manifest: string;
}
