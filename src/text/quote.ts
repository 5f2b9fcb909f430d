/**
 * The one way a user-supplied string (a flag, a file path, a JSON key or value) is echoed in a
 * message: JSON-style escapes and a length cap, so no input can move the cursor, clear the
 * screen, fake a line of output or flood the terminal.
 *
 * Escaped beyond JSON.stringify: DEL and the C1 controls (U+007F–U+009F; 0x9B is an 8-bit CSI),
 * the line/paragraph separators U+2028/2029, the bidi controls (U+061C, U+200E/F, U+202A–U+202E,
 * U+2066–U+2069: "Trojan Source"), the invisible zero-width characters (U+200B–U+200D, U+2060,
 * U+FEFF: a key "W\u200b1" would otherwise print as W1) and lone surrogates.
 */

/** Longest quoted text, in characters of the original, before it is cut with "…". */
export const QUOTE_MAX_CHARS = 60;

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/**
 * `text` with every control, separator and bidi character written as a JSON escape (quotes and
 * backslashes left alone: the CLI also runs every finished message through this, as a last guard).
 */
export function escapeText(text: string): string {
  return text.replace(UNSAFE, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `text` in double quotes, escaped (see escapeText), cut at `max` characters with "…" and its length. */
export function quote(text: string, max: number = QUOTE_MAX_CHARS): string {
  if (text.length <= max) return `"${escapeText(text.replace(/["\\]/g, '\\$&'))}"`;
  // Cut on a code-point boundary so the cut itself cannot leave a lone surrogate.
  let cut = max;
  if (/[\ud800-\udbff]/.test(text[cut - 1])) cut--;
  return `${quote(text.slice(0, cut), cut).slice(0, -1)}…" (${text.length} characters)`;
}

/** A name (file path, flag) as it is when it is plain — letters, digits and . / _ - + @ , : ~ only,
 *  within the cap — and quoted as `quote` does otherwise. */
export function quoteIfNeeded(text: string, max: number = QUOTE_MAX_CHARS): string {
  return text.length > 0 && text.length <= max && /^[\w./@+,:~=-]+$/.test(text) ? text : quote(text, max);
}
