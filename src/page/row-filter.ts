/**
 * Which gradient-table rows the page lays out: a name filter, an order (parameter order, or worst
 * difference first) and a page size, so a 784-128-10 network's 101,770 rows read as a summary
 * instead of a 22,000-pixel table. The verdict line still counts every row.
 */
import type { TableRow } from '../print/gradient-table.js';

export type RowOrder = 'parameter' | 'worst-fd' | 'worst-gpu';

export interface RowQuery {
  /** Substring of the parameter name ("W2", "b1[3]", "W1[5]["); case-insensitive; '' = all. */
  readonly text: string;
  readonly order: RowOrder;
  readonly onlyMismatches: boolean;
  /** Rows laid out at most. */
  readonly limit: number;
}

export interface RowSelection {
  readonly shown: readonly TableRow[];
  /** Rows that pass the filter (shown is the first `limit` of them). */
  readonly matched: number;
}

export function selectRows(rows: readonly TableRow[], query: RowQuery): RowSelection {
  const text = query.text.trim().toLowerCase();
  let picked = rows.filter((r) => (!text || r.name.toLowerCase().includes(text)) && (!query.onlyMismatches || !r.match));
  if (query.order !== 'parameter') {
    const key = query.order === 'worst-fd' ? (r: TableRow) => r.fdDelta ?? -1 : (r: TableRow) => r.gpuDelta ?? -1;
    // NaN (an overflowed float32 value) counts as the worst of all.
    const score = (r: TableRow) => (Number.isNaN(key(r)) ? Infinity : key(r));
    picked = picked.map((r, n) => ({ r, n, s: score(r) })).sort((a, b) => b.s - a.s || a.n - b.n).map((x) => x.r);
  }
  return { shown: picked.slice(0, query.limit), matched: picked.length };
}
