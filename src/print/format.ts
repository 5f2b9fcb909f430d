/**
 * Number formats written the way the lesson's Python prints them, so the traces match byte for byte.
 * JavaScript differs in two places: toFixed drops the sign of −0 (Python's %+.6f keeps it), and
 * toExponential writes one exponent digit (Python's %.2e writes at least two).
 *
 * Every printer (trace, tables, compare, cmp, the page) formats through here, so a number is
 * written one way everywhere. Non-finite values are the one exception to Python's spelling
 * (nan, inf): they are written NaN, Infinity, -Infinity (+Infinity where a sign is always
 * written), as JavaScript writes them and as the --json reports carry them. The lesson's numbers
 * are all finite, so its trace is unchanged.
 */

function nonFinite(x: number, sign: boolean): string | null {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return sign ? '+Infinity' : 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return null;
}

function isNegative(x: number): boolean {
  return x < 0 || Object.is(x, -0);
}

/** At and above this magnitude fixed-point form is too wide for a column: exponent form instead. */
export const EXPONENT_ABOVE = 1e9;

/**
 * |x| written with `digits` digits after the point: fixed-point (Python's %.{digits}f) for the
 * lesson's ordinary values, exponent form (Python's %.{digits}e) when fixed-point would be too wide
 * (|x| ≥ 1e9) or would show a non-zero value as zero (|x| < half a unit in the last digit).
 * The one rule for every number the trace and the tables print.
 */
function magnitude(x: number, digits: number): string {
  const a = Math.abs(x);
  if (a !== 0 && (a >= EXPONENT_ABOVE || a < 0.5 * 10 ** -digits)) return exponent(a, digits);
  return a.toFixed(digits);
}

/** Python's `%.{digits}e` of a non-negative finite number: "1.234568e+21". */
function exponent(a: number, digits: number): string {
  const [mantissa, exp] = a.toExponential(digits).split('e');
  const e = Number(exp);
  return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** Python's `%+.{digits}f`: always a sign, and −0 keeps its minus (exponent form past the range above). */
export function signed(x: number, digits: number): string {
  const special = nonFinite(x, true);
  if (special) return special;
  return (isNegative(x) ? '-' : '+') + magnitude(x, digits);
}

/** Python's `%.{digits}f`: a sign only when negative (−0 prints as "-0.000000", as in Python). */
export function fixed(x: number, digits: number): string {
  const special = nonFinite(x, false);
  if (special) return special;
  return (isNegative(x) ? '-' : '') + magnitude(x, digits);
}

/** Python's `%.2e`: "4.12e-12", "0.00e+00". */
export function sci2(x: number): string {
  const special = nonFinite(x, false);
  if (special) return special;
  return `${isNegative(x) ? '-' : ''}${exponent(Math.abs(x), 2)}`;
}

/** `digits` significant digits with a sign always written: "+0.370000035", "-1.23456789e-7" (toPrecision's form). */
export function significant(x: number, digits: number): string {
  const special = nonFinite(x, true);
  if (special) return special;
  return `${isNegative(x) ? '-' : '+'}${Math.abs(x).toPrecision(digits)}`;
}

/** A count (a ULP distance, a number of elements): its digits, or the non-finite spelling above. */
export function whole(x: number): string {
  return nonFinite(x, false) ?? String(x);
}

/** Python's `%g` for the small integers a one-hot target holds: 1 and 0 print as "1" and "0". */
export function general(x: number): string {
  return String(x);
}

export function padLeft(text: string, width: number): string {
  return text.padStart(width);
}

export function padRight(text: string, width: number): string {
  return text.padEnd(width);
}
