/**
 * Number formats written the way the lesson's Python prints them, so the traces match byte for byte.
 * JavaScript differs in two places: toFixed drops the sign of −0 (Python's %+.6f keeps it), and
 * toExponential writes one exponent digit (Python's %.2e writes at least two).
 */

function nonFinite(x: number, sign: boolean): string | null {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return sign ? '+inf' : 'inf';
  if (x === -Infinity) return '-inf';
  return null;
}

function isNegative(x: number): boolean {
  return x < 0 || Object.is(x, -0);
}

/** Python's `%+.{digits}f`: always a sign, and −0 keeps its minus. */
export function signed(x: number, digits: number): string {
  const special = nonFinite(x, true);
  if (special) return special;
  return (isNegative(x) ? '-' : '+') + Math.abs(x).toFixed(digits);
}

/** Python's `%.{digits}f`: a sign only when negative (−0 prints as "-0.000000", as in Python). */
export function fixed(x: number, digits: number): string {
  const special = nonFinite(x, false);
  if (special) return special;
  return (isNegative(x) ? '-' : '') + Math.abs(x).toFixed(digits);
}

/** Python's `%.2e`: "4.12e-12", "0.00e+00". */
export function sci2(x: number): string {
  const special = nonFinite(x, false);
  if (special) return special;
  const [mantissa, exponent] = Math.abs(x).toExponential(2).split('e');
  const exp = Number(exponent);
  return `${isNegative(x) ? '-' : ''}${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
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
