/** "Break it" as text: the bug, the table (analytical = the broken backward pass), what was caught and why. */
import { renderGradientTable } from '../print/gradient-table.js';
import { caughtLine, type BreakResult } from './break-run.js';
import { explainBreak } from './break-why.js';

export function breakRowsText(result: BreakResult): string[] {
  const { bug } = result;
  const { why, found } = explainBreak(result);
  return [
    `break: ${bug.name}: ${bug.code}`,
    `(the analytical column is the broken backward pass; finite differences use the forward pass only, which the bug leaves alone)`,
    '',
    ...renderGradientTable(result.rows).map((line) => (result.caught.includes(line.trim().split(/\s+/)[0]) ? `${line}   <- caught` : line)),
    '',
    caughtLine(result),
    `why: ${why}`,
    found,
  ];
}
