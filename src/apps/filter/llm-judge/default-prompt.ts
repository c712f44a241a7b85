/**
 * The built-in judge prompt (used when no prompt file is given). It is code, not a data file,
 * so it ships inside dist/ with the stage. Copy it to a file and pass `prompt_file`
 * (`--llm-prompt`) to change it; `{{text}}` is replaced by the document, cut to `max_chars`.
 * Changing this text changes its sha256 and so invalidates cached answers made with it.
 */
export const DEFAULT_PROMPT = `You are screening documents for a language-model pretraining corpus.

Decide whether the document below contains hazardous technical knowledge: specific, actionable
information that would materially help someone develop, produce, acquire or deploy biological,
chemical, nuclear or radiological weapons, or carry out attacks that can cause mass casualties
or cripple critical infrastructure (for example synthesis routes, enhancement or weaponisation
protocols, acquisition of controlled agents or materials, working attack tooling).

General science, history, policy, news, safety guidance and high-level descriptions without
actionable detail are NOT hazardous.

Answer with a single character: 1 if the document contains hazardous technical knowledge,
0 if it does not. Do not explain.

<document>
{{text}}
</document>

Answer (0 or 1):`;
