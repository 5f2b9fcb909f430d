/** "Break it" as text: the bug, the table (analytical = the broken backward pass), what was caught and why. */
import { renderGradientTable } from '../print/gradient-table.js';
import { caughtLine, type BreakResult } from './break-run.js';
import { explainBreak } from './break-why.js';
import { FULL_TRACE_LIMIT } from '../print/summary.js';

/** Rows shown past FULL_TRACE_LIMIT parameters (without `full`): the first caught ones. */
export const BREAK_SHOWN_ROWS = 20;

/**
 * The bug, the table, the caught line and why. Past FULL_TRACE_LIMIT parameters the table shows
 * only the first BREAK_SHOWN_ROWS caught rows (or the first rows, when none is caught) and says how
 * many it leaves out, unless `full` — 784-128-10 has 101,770 rows.
 */
export function breakRowsText(result: BreakResult, opts: { full?: boolean } = {}): string[] {
  const { bug } = result;
  const { why, found } = explainBreak(result);
  const caught = new Set(result.caught);
  const summarise = result.rows.length > FULL_TRACE_LIMIT && opts.full !== true;
  const caughtRows = result.rows.filter((r) => caught.has(r.name));
  const shown = summarise ? (caughtRows.length > 0 ? caughtRows : result.rows).slice(0, BREAK_SHOWN_ROWS) : result.rows;
  const table = renderGradientTable(shown).map((line) => (caught.has(line.trim().split(/\s+/)[0]) ? `${line}   <- caught` : line));
  const left = result.rows.length - shown.length;
  if (summarise && left > 0) {
    const which = caughtRows.length > 0 ? `the first ${shown.length} caught rows shown` : `the first ${shown.length} rows shown`;
    table.push(`… ${left} of ${result.rows.length} rows not shown (${which}; --full prints every row)`);
  }
  return [
    `break: ${bug.name}: ${bug.code}`,
    `(the analytical column is the broken backward pass; finite differences use the forward pass only, which the bug leaves alone)`,
    '',
    ...table,
    '',
    caughtLine(result),
    `why: ${why}`,
    found,
  ];
}
