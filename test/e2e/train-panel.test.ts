/**
 * The page's Train panel in headless Chromium: XOR and spirals train (the loss falls), the decision
 * boundary is drawn under the points, and Pause loads that step's weights so the table and the
 * step-through show the backward pass of that step. Screenshots go to test/artifacts/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/run-cli.js';
import { elementShot, launch, NO_WEBGPU_ARGS, open, settled, tableCells, usePage } from './page-harness.js';

const REQUIRE_WEBGPU = process.env.REQUIRE_WEBGPU === '1';
const e2e = usePage();

const stepOf = async (page: Page) => Number((await page.getByTestId('train-info').getAttribute('data-step')) ?? '0');
const lossOf = async (page: Page) => Number(/loss ([0-9.e+-]+)$/.exec((await page.getByTestId('train-info').textContent()) ?? '')?.[1] ?? NaN);

/** Distinct colours in the boundary canvas: a drawn boundary has both classes' tints and the points. */
async function boundaryColours(page: Page): Promise<number> {
  return page.$eval('[data-testid="train-boundary"]', (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 37) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return seen.size;
  });
}

async function train(page: Page, data: string, hidden: string, lr: string, untilStep: number): Promise<{ first: number; last: number }> {
  await page.getByTestId('train-data').selectOption(data);
  await page.getByTestId('train-hidden').fill(hidden);
  await page.getByTestId('train-hidden').press('Enter');
  await page.getByTestId('train-lr').fill(lr);
  await page.getByTestId('train-lr').press('Enter');
  await page.getByTestId('train-step').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="train-info"]')?.getAttribute('data-step') === '1');
  const first = await lossOf(page);
  await page.getByTestId('train-play').click();
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="train-info"]')?.getAttribute('data-step') ?? 0) >= n, untilStep, { timeout: 90_000 });
  await page.getByTestId('train-play').click(); // Pause
  return { first, last: await lossOf(page) };
}

describe('the Train panel', () => {
  it('trains XOR (tanh): the loss falls, the boundary is drawn, Pause shows that step in the table and the steps', async () => {
    const { page, errors, close } = await open(e2e.browser, e2e.served.url);
    let { generation } = await settled(page);
    const { first, last } = await train(page, 'xor', '4', '0.5', 400);
    expect(last).toBeLessThan(first / 2);
    const info = (await page.getByTestId('train-info').textContent()) ?? '';
    if (REQUIRE_WEBGPU) expect(info).toContain('on WebGPU');
    ({ generation } = await settled(page, generation));
    const step = await stepOf(page);
    expect(await page.getByTestId('summary').textContent()).toContain(`training step ${step} on xor`);
    const rows = await tableCells(page);
    expect(rows.map((r) => r[0]).slice(0, 3)).toEqual(['W1[0][0]', 'W1[0][1]', 'W1[1][0]']);
    expect(rows).toHaveLength(4 * 2 + 4 + 2 * 4 + 2);
    expect(rows.every((r) => r[6] === 'yes')).toBe(true);
    // The step-through walks that step's backward pass: its tanh' step.
    await page.locator('body').press('b');
    await page.getByTestId('step-5').click();
    expect(((await page.getByTestId('step-text').textContent()) ?? '').split('\n')[0]).toMatch(/^step 5: dL\/dz1\[j\] = dL\/da1\[j\] \* tanh'\(z1\[j\]\)/);
    expect(await boundaryColours(page)).toBeGreaterThan(10);
    await elementShot(page, '[data-testid="train-panel"]', 'train-xor');
    await elementShot(page, '.figure', 'train-xor-step-diagram');
    expect(errors).toEqual([]);
    await close();
  });

  it('without WebGPU it trains in float64 on the CPU', async () => {
    const cpuBrowser = await launch(NO_WEBGPU_ARGS);
    try {
      const { page, errors, close } = await open(cpuBrowser, e2e.served.url);
      await settled(page);
      const { first, last } = await train(page, 'gaussians', '3', '0.3', 100);
      expect(last).toBeLessThan(first);
      expect(await page.getByTestId('train-info').textContent()).toContain('on the CPU (float64)');
      expect(errors).toEqual([]);
      await close();
    } finally {
      await cpuBrowser.close();
    }
  });

  it('trains spirals: the loss falls and the boundary follows the arms', async () => {
    const { page, errors, close } = await open(e2e.browser, e2e.served.url);
    await settled(page);
    const { first, last } = await train(page, 'spirals', '16,16', '0.3', 600);
    expect(last).toBeLessThan(first * 0.8);
    expect(await boundaryColours(page)).toBeGreaterThan(10);
    await elementShot(page, '[data-testid="train-panel"]', 'train-spirals');
    expect(errors).toEqual([]);
    await close();
  });
});

it('a network trained by `gradient-trace train --out` loads in the page', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'train-page-'));
  try {
    const file = join(dir, 'xor-trained.json');
    const r = await runCli(['train', '--data', 'xor', '--hidden', '3', '--activation', 'sigmoid', '--steps', '200', '--lr', '1', '--backend', 'cpu', '--out', file]);
    expect(r.code, r.stderr).toBe(0);
    const { page, errors, close } = await open(e2e.browser, e2e.served.url);
    let { generation } = await settled(page);
    await page.getByTestId('file-input').setInputFiles({ name: 'xor-trained.json', mimeType: 'application/json', buffer: readFileSync(file) });
    ({ generation } = await settled(page, generation));
    expect(await page.getByTestId('message').textContent()).toBe('Loaded xor-trained.json.');
    expect(await page.getByTestId('summary').textContent()).toContain('2 → 3 → 2 network (xor-trained.json)');
    const rows = await tableCells(page);
    expect(rows).toHaveLength(3 * 2 + 3 + 2 * 3 + 2);
    expect(rows.every((row) => row[6] === 'yes')).toBe(true);
    expect(await page.locator('.diagram').textContent()).toContain('hidden 1 (sigmoid)');
    expect(errors).toEqual([]);
    await close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
