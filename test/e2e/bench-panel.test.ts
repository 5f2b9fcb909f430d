/**
 * End to end: the page's "Benchmark this GPU" panel in headless chromium on a tiny plan. Every timed
 * cell was checked against float64 first, and the JSON it offers validates against the CLI's schema
 * (schemas/bench-results.schema.json). The panel's code loads only when the section is opened.
 */
import { readFile } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';
import { resultsErrors } from '../../bench/validate-results.js';
import { open, screenshot, usePage } from './page-harness.js';

const e2e = usePage();

describe('Benchmark this GPU', () => {
  it('runs the tiny plan, every cell checked, and offers JSON in the CLI schema', async () => {
    const { page, errors, close } = await open(e2e.browser, `${e2e.served.url}?bench=tiny`);
    try {
      const panelScripts: string[] = [];
      page.on('request', (r) => {
        if (/bench-panel/.test(r.url())) panelScripts.push(r.url());
      });
      await page.waitForSelector('[data-testid=bench]');
      expect(panelScripts, 'the panel loads only when opened').toEqual([]);
      await page.click('[data-testid=bench] summary');
      await page.waitForSelector('[data-testid=bench-run]');
      expect(panelScripts.length).toBeGreaterThan(0);
      expect(await page.inputValue('[data-testid=bench-plan]')).toBe('tiny');
      await page.click('[data-testid=bench-run]');
      try {
        await page.waitForSelector('[data-testid=bench-progress][data-state]', { timeout: 240_000 });
      } catch {
        expect.fail(`the benchmark did not finish; last progress: ${await page.textContent('[data-testid=bench-progress]')}; page errors: ${errors.join(' | ')}`);
      }
      const state = await page.getAttribute('[data-testid=bench-progress]', 'data-state');
      const progress = await page.textContent('[data-testid=bench-progress]');
      expect(state, progress ?? '').toBe('done');
      expect(progress).toMatch(/every timed cell matched float64/);
      expect(await page.locator('[data-testid=bench-plot] svg').count()).toBe(1);
      await screenshot(page, 'bench-panel');

      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=bench-download]')]);
      const json = JSON.parse(await readFile((await download.path())!, 'utf8'));
      expect(resultsErrors(json)).toEqual([]);
      expect(json.source).toBe('page');
      const rows = json.rows as { impl: string; batch: number; status: string; check: { pass: boolean } | null }[];
      for (const impl of ['f64-loop', 'per-op', 'fused']) {
        for (const batch of [16, 256]) {
          const row = rows.find((r) => r.impl === impl && r.batch === batch);
          expect(row?.status, `${impl} @ ${batch}`).toBe('ok');
          expect(row?.check?.pass, `${impl} @ ${batch} checked against float64`).toBe(true);
        }
      }
      expect(rows.some((r) => r.impl === 'roofline' && r.status === 'ok')).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 300_000);
});
