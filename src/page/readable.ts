/**
 * Numbers for the diagram and the summary, where room is a card's width: the trace's fixed-point
 * form while it stays short and says something, scientific notation past that (1e39 would be 40
 * digits; 3e-9 would print as +0.000000). The trace itself keeps the CLI's format.
 */
import { fixed, signed } from '../print/format.js';

/** Below this magnitude (non-zero) fixed point with 6 decimals shows at most 1 significant digit. */
const SMALL = 1e-4;
/** At or past this magnitude fixed point no longer fits a card. */
const LARGE = 1e6;

function scientific(x: number, digits: number, sign: boolean): string {
  const [mantissa, exponent] = Math.abs(x).toExponential(Math.min(digits, 4)).split('e');
  const body = `${mantissa}e${exponent}`;
  return `${x < 0 ? '-' : sign ? '+' : ''}${body}`;
}

function needsScientific(x: number): boolean {
  const m = Math.abs(x);
  return Number.isFinite(x) && m !== 0 && (m < SMALL || m >= LARGE);
}

/** Like `signed` (always a sign) but scientific for very small or very large magnitudes. */
export function readableSigned(x: number, digits: number): string {
  return needsScientific(x) ? scientific(x, digits, true) : signed(x, digits);
}

/** Like `fixed` (sign only when negative) but scientific for very small or very large magnitudes. */
export function readableFixed(x: number, digits: number): string {
  return needsScientific(x) ? scientific(x, digits, false) : fixed(x, digits);
}
