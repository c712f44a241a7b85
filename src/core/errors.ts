/**
 * Every error Warden raises on purpose is a WardenError with a stable code. The code table
 * below is the single source of truth: the CLI maps `exit` to the process exit code, and
 * docs/errors.md is generated from `hint` (a test keeps them in sync). Codes are never reused.
 */
export const ERROR_CODES = {
  W_USAGE: { exit: 2, hint: 'Check the command line against `warden <command> --help`.' },
  W_CONFIG_PARSE: { exit: 2, hint: 'Fix the YAML/JSON syntax at the line shown.' },
  W_CONFIG_INVALID: { exit: 2, hint: 'Fix the field named in the message; `--help` lists valid values.' },
  W_IO_NOT_FOUND: { exit: 2, hint: 'Check the path; globs must be quoted so the shell does not expand them.' },
  W_IO_UNSUPPORTED: { exit: 2, hint: 'Use a supported format (.jsonl[.gz|.zst], .parquet, .arrow, .csv, HF dataset folder) or pass --format.' },
  W_IO_BAD_JSONL: { exit: 2, hint: 'Fix or remove the line shown, or pass --on-error skip to send bad rows to the rejects file.' },
  W_IO_BAD_CSV: { exit: 2, hint: 'Fix the CSV row shown (quotes, column count), or pass --on-error skip.' },
  W_IO_BAD_PARQUET: { exit: 2, hint: 'The file is not valid Parquet or uses an unsupported feature; re-export it or convert it to JSONL.' },
  W_IO_BAD_ARROW: { exit: 2, hint: 'The file is not an Arrow IPC stream/file; re-save the data set with datasets.save_to_disk.' },
  W_IO_BAD_DATASET: { exit: 2, hint: 'The folder is not a Hugging Face save_to_disk layout (state.json, dataset_info.json, *.arrow).' },
  W_IO_MISSING_SPLIT: { exit: 2, hint: 'Pick a split listed in dataset_dict.json with --splits.' },
  W_IO_CORRUPT: { exit: 2, hint: 'The compressed stream is truncated or corrupt; re-download or re-compress the file.' },
  W_IO_BAD_RECORD: { exit: 2, hint: 'Every record must be a JSON object with the configured --text-field / --id-field.' },
  W_IO_WRITE: { exit: 2, hint: 'Check free disk space and write permission on the output directory.' },
  W_RUN_MISMATCH: { exit: 2, hint: 'The run directory belongs to another configuration or input; use --force to start over or pick a new --output.' },
  W_RUN_STAGE: { exit: 2, hint: 'A stage failed; the message names the stage and record. Fix the data or pass --on-error skip.' },
  W_RUN_UNKNOWN_STAGE: { exit: 2, hint: 'Use a built-in stage name (`warden run --help` lists them) or `module:` with a path to your own.' },
  W_RUN_WORKER: { exit: 2, hint: 'A worker thread died; rerun the same command to resume from the last finished shard.' },
  W_MODEL_NOT_FOUND: { exit: 2, hint: 'Pass --model with a directory that holds manifest.json and weights.bin (written by `warden train`).' },
  W_MODEL_INVALID: { exit: 2, hint: 'The model manifest is malformed or from an incompatible version; retrain it with `warden train`.' },
  W_MODEL_INTEGRITY: { exit: 2, hint: 'The weights do not match the sha256 in manifest.json: the model is corrupt or was edited; restore or retrain it.' },
  W_TRAIN_DATA: { exit: 2, hint: 'Fix the training/evaluation rows named (text and label fields, known labels, at least two labels); `warden synth validate` checks files.' },
  W_POLICY_INVALID: { exit: 2, hint: 'Fix the guard policy field named (file, line, field); `warden guard check --policy FILE` validates a policy file.' },
  W_POLICY_UNKNOWN: { exit: 2, hint: 'Use a policy id defined in the guard config (`warden guard check` lists them) or omit policy_id for the default.' },
  W_STORE: { exit: 2, hint: 'Check the --db URL (sqlite:PATH or postgres://user@host:port/db) and that the database server is running and reachable.' },
  W_RUN_REDIS: { exit: 2, hint: 'Start Redis or fix --redis redis://HOST:PORT; the coordinator and all workers must reach the same server.' },
  W_LLM_NOT_CONFIGURED: { exit: 2, hint: 'Set WARDEN_LLM_BASE_URL and WARDEN_LLM_MODEL (Ollama, vLLM, llama.cpp, LM Studio), or an API key (OPENAI_API_KEY, ANTHROPIC_API_KEY) and WARDEN_LLM_MODEL; the message shows examples.' },
  W_LLM_AUTH: { exit: 2, hint: 'The LLM endpoint refused the API key (HTTP 401/403): check WARDEN_LLM_API_KEY, OPENAI_API_KEY or ANTHROPIC_API_KEY and that the key may use the model.' },
  W_LLM_REQUEST: { exit: 2, hint: 'The LLM endpoint rejected the request: check WARDEN_LLM_MODEL, WARDEN_LLM_BASE_URL (OpenAI-compatible servers end in /v1) and the field named in the message.' },
  W_LLM_UNAVAILABLE: { exit: 2, hint: 'The LLM endpoint kept failing (rate limits, server errors, timeouts) through every retry: wait, lower the rate or concurrency limits, or raise the retry limit, then rerun.' },
  W_LLM_ANSWER: { exit: 2, hint: 'The model gave no usable answer (empty, filtered or not the requested JSON): adjust the prompt or schema, raise max tokens, or try another model.' },
  W_LLM_CANCELLED: { exit: 2, hint: 'The LLM call was cancelled (Ctrl+C or a deadline); rerun the same command to continue.' },
  W_LLM_BATCH: { exit: 2, hint: 'A batch run cannot go on as asked (the message names the run and item): resume it with the same items and provider, or start a new run id.' },
  W_INSTRUCT_SOURCE: { exit: 2, hint: 'A source snapshot is malformed or too large (the message names the file and line or field): re-download it, or pass the right file to `warden instruct collect --offline DIR`.' },
  W_INSTRUCT_FETCH: { exit: 2, hint: 'The NVD API kept failing or answered something that is not an API 2.0 page (the message names the URL without the key and the status): check --nvd-url and NVD_API_KEY, wait for the rate limit, then rerun; re-collection is safe.' },
  W_INTERNAL: { exit: 2, hint: 'This is a bug in Warden; please report it with the output of --verbose.' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface WardenErrorOptions {
  cause?: unknown;
  /** Where the problem is: file path, optionally with line/row and field. */
  where?: string;
}

/**
 * An expected, user-facing failure with a stable code and a message that says what is
 * wrong and where.
 *
 * @example
 * const err = new WardenError('W_IO_NOT_FOUND', 'input does not exist', { where: 'data/x.jsonl' });
 * err.message; // 'data/x.jsonl: input does not exist'
 */
export class WardenError extends Error {
  readonly code: ErrorCode;
  readonly where: string | undefined;

  constructor(code: ErrorCode, message: string, options: WardenErrorOptions = {}) {
    super(options.where ? `${options.where}: ${message}` : message, { cause: options.cause });
    this.name = 'WardenError';
    this.code = code;
    this.where = options.where;
  }

  get exitCode(): number {
    return ERROR_CODES[this.code].exit;
  }

  get hint(): string {
    return ERROR_CODES[this.code].hint;
  }

  /** Plain data for crossing a worker-thread boundary. */
  toJSON(): SerializedError {
    return { name: this.name, code: this.code, message: this.message, where: this.where, stack: this.stack };
  }
}

export interface SerializedError {
  name: string;
  code?: string;
  message: string;
  where?: string | undefined;
  stack?: string | undefined;
}

export function isWardenError(error: unknown): error is WardenError {
  return error instanceof WardenError;
}

/** Turns any thrown value into something a worker can post back to its parent. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof WardenError) return error.toJSON();
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

/** Rebuilds a WardenError on the parent side with the worker's message, location and stack. */
export function deserializeError(data: SerializedError): Error {
  if (data.code && data.code in ERROR_CODES) {
    const error = new WardenError(data.code as ErrorCode, data.message);
    // The message already names the place; keep `where` for callers that read it.
    Object.defineProperty(error, 'where', { value: data.where, enumerable: true });
    if (data.stack) error.stack = data.stack;
    return error;
  }
  const error = new Error(data.message);
  error.name = data.name;
  if (data.stack) error.stack = data.stack;
  return error;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
