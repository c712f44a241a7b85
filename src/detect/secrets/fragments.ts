/**
 * Regex fragments shared by the rule packs (as source strings, composed with `new RegExp`).
 * Each is bounded so that composed patterns stay linear.
 */

/** The tail of a key name up to its value: closing quotes/bracket, `=`, `:`, `:=` or `=>`, an opening quote. */
export const ASSIGN = String.raw`["'\]]{0,2}\s{0,5}(?::=|=>|[:=])\s{0,5}["'\x60]?`;

