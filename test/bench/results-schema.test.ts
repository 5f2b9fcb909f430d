/** The benchmark's JSON schema (schemas/bench-results.schema.json, checked with ajv): the CLI's results pass, broken ones do not. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resultsErrors } from '../../bench/validate-results.js';

const CLI_RESULT = 'bench/results/google-swiftshader-2026-11-29.json';

describe('results schema', () => {
  it('the committed CLI results validate', () => {
    expect(resultsErrors(JSON.parse(readFileSync(CLI_RESULT, 'utf8')))).toEqual([]);
  });

  it('a wrong schema tag, an unknown status and an ok cell without times are refused', () => {
    const good = JSON.parse(readFileSync(CLI_RESULT, 'utf8'));
    expect(resultsErrors({ ...good, schema: 'gradient-trace-bench/0' }).join()).toMatch(/schema/);
    const badStatus = { ...good, rows: [{ ...good.rows[0], status: 'great' }] };
    expect(resultsErrors(badStatus).join()).toMatch(/rows\/0\/status/);
    const { ms: _ms, ...noTimes } = good.rows.find((r: { status: string }) => r.status === 'ok');
    expect(resultsErrors({ ...good, rows: [noTimes] }).join()).toMatch(/ms/);
  });
});
