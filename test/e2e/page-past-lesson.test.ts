/**
 * End to end, past the lesson (issue 11): every fault found by trying the page as a learner and a
 * kernel engineer would — numeric fields that refuse what they cannot use beside the field, deeper
 * networks, batches labelled per-example vs batch-sum, the tolerance wording, extreme numbers, the
 * keyboard, phone width — and axe-core on each state visited.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseNetworkFile } from '../../src/network/network-file.js';
import { toleranceNote } from '../../src/print/gradient-table.js';
import { ROUNDOFF_FACTOR } from '../../src/reference/fd-check.js';
import { float64Pass } from '../../src/reference/float64-pass.js';
import { expectAccessible } from './axe.js';
import { ARTIFACTS, open, screenshot, settled, usePage } from './page-harness.js';

const e2e = usePage();

/** A diagram card's lines as "label value" (the tooltips left out). */
function cardLines(page: Page, unit: string): Promise<string[]> {
  return page.$$eval(`[data-unit="${unit}"] .line-label`, (labels) =>
    labels.map((label) => `${label.firstChild?.textContent} ${label.nextElementSibling?.firstChild?.textContent}`),
  );
}

/** The text of the values in the diagram (card values and edge labels), without tooltips. */
function diagramValues(page: Page): Promise<string[]> {
  return page.$$eval('.diagram .line-value, .diagram .edge-label text', (els) => els.map((el) => el.firstChild?.textContent ?? ''));
}

/**
 * uPlot draws its axes on the canvas, so the h sweep's labels and lines are caught as they are drawn:
 * each label's text, anchor and width; each stroke's style and straight segments (canvas pixels).
 */
const SWEEP_CAPTURE = `(() => {
  const labels = (window.__sweepLabels = []);
  const strokes = (window.__sweepStrokes = []);
  const P = CanvasRenderingContext2D.prototype;
  const inChart = (ctx) => !!ctx.canvas.closest('[data-testid="sweep-chart"]');
  const { fillText, beginPath, moveTo, lineTo, stroke } = P;
  let path = [];
  P.fillText = function (text, x, y, ...rest) {
    if (inChart(this)) labels.push({ text: String(text), x, y, width: this.measureText(String(text)).width, align: this.textAlign });
    return fillText.call(this, text, x, y, ...rest);
  };
  P.beginPath = function (...a) { if (inChart(this)) path = []; return beginPath.apply(this, a); };
  P.moveTo = function (x, y) { if (inChart(this)) path.push({ x0: x, y0: y }); return moveTo.call(this, x, y); };
  P.lineTo = function (x, y) { if (inChart(this) && path.length) Object.assign(path[path.length - 1], { x1: x, y1: y }); return lineTo.call(this, x, y); };
  P.stroke = function (...a) { if (inChart(this) && a.length === 0) strokes.push({ style: String(this.strokeStyle), segments: path.filter((s) => 'x1' in s) }); return stroke.apply(this, a); };
})()`;

type SweepLabel = { text: string; x: number; y: number; width: number; align: string };
type Segment = { x0: number; y0: number; x1: number; y1: number };

/** Run the sweep of W2[0][1] and wait for its result. */
async function runSweep(page: Page): Promise<void> {
  await page.getByTestId('sweep-param').fill('W2[0][1]');
  await page.getByTestId('sweep-run').click();
  await expect.poll(() => page.getByTestId('sweep-best').textContent(), { timeout: 20_000 }).toMatch(/^best h: /);
}

/**
 * What SWEEP_CAPTURE caught: the labels, and the positions of the gridlines (sweep-chart.ts strokes
 * them rgba(128,128,128,0.2)) and ticks (0.3) of the last drawing, sorted: x for the h axis's
 * (vertical), y for the y axis's (horizontal).
 */
async function sweepDrawing(page: Page) {
  const { labels, strokes } = await page.evaluate(() => {
    const w = window as unknown as { __sweepLabels: SweepLabel[]; __sweepStrokes: { style: string; segments: Segment[] }[] };
    return { labels: w.__sweepLabels, strokes: w.__sweepStrokes };
  });
  const lines = (alpha: string, axis: 'x' | 'y') => {
    const along = (s: Segment) => (axis === 'x' ? s.x0 === s.x1 : s.y0 === s.y1);
    const last = strokes.filter((s) => s.style === `rgba(128, 128, 128, ${alpha})` && s.segments.some(along)).at(-1);
    return (last?.segments ?? []).filter(along).map((s) => (axis === 'x' ? s.x0 : s.y0)).sort((a, b) => a - b);
  };
  return { labels, grid: { x: lines('0.2', 'x'), y: lines('0.2', 'y') }, ticks: { x: lines('0.3', 'x'), y: lines('0.3', 'y') } };
}

type SweepDrawing = Awaited<ReturnType<typeof sweepDrawing>>;

/** The numbers labelling each axis: the h axis's centred on the lowest row, the y axis's right-aligned. */
function axisLabels(drawn: SweepDrawing): { h: SweepLabel[]; y: SweepLabel[] } {
  const centred = drawn.labels.filter((l) => l.align === 'center' && /^\d/.test(l.text));
  const row = Math.max(...centred.map((l) => l.y));
  return { h: centred.filter((l) => l.y === row).sort((a, b) => a.x - b.x), y: drawn.labels.filter((l) => l.align === 'right' && /^\d/.test(l.text)) };
}

/** Gaps between neighbouring lines in CSS px (`dpr` canvas pixels to one). */
const gaps = (lines: number[], dpr: number) => lines.slice(1).map((v, k) => (v - lines[k]) / dpr);

/**
 * The rule at every width (sweep-chart.ts, axisMarks): gridlines and ticks at least 7 CSS px apart
 * (8 asked for; uPlot rounds each to a pixel), a tick at each gridline, and every label on a tick.
 */
function expectSpacedAndLabelled(drawn: SweepDrawing, dpr: number): void {
  for (const [lines, name] of [[drawn.grid.x, 'h gridlines'], [drawn.ticks.x, 'h ticks'], [drawn.grid.y, 'y gridlines'], [drawn.ticks.y, 'y ticks']] as const) {
    expect(lines.length, name).toBeGreaterThanOrEqual(3);
    expect(Math.min(...gaps(lines, dpr)), `${name}: the closest two, in CSS px`).toBeGreaterThanOrEqual(7);
  }
  expect(drawn.ticks.x, 'a tick at each h gridline').toEqual(drawn.grid.x);
  expect(drawn.ticks.y, 'a tick at each y gridline').toEqual(drawn.grid.y);
  const { h, y } = axisLabels(drawn);
  expect(h.length, 'h axis labels drawn').toBeGreaterThanOrEqual(3);
  expect(y.length, 'y axis labels drawn').toBeGreaterThanOrEqual(2);
  for (const label of h) expect(drawn.ticks.x.some((x) => Math.abs(x - label.x) < 1), `a tick under ${label.text}`).toBe(true);
  for (const label of y) expect(drawn.ticks.y.some((v) => Math.abs(v - label.y) < 1), `a tick beside ${label.text}`).toBe(true);
}

/** Decades only: evenly spaced lines (log axis), every gap within a canvas pixel of the others. */
function expectDecadesOnly(lines: number[], name: string): void {
  const apart = gaps(lines, 1);
  expect(Math.max(...apart) - Math.min(...apart), `${name}: the widest gap less the narrowest, canvas px`).toBeLessThanOrEqual(1);
}

/** Load a network file through the file input and wait for its passes. */
async function loadText(page: Page, name: string, text: string): Promise<void> {
  const before = await settled(page);
  await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  await settled(page, before.generation);
}

/** A 2 → 4 → 3 network with a batch of three. */
const BATCH = JSON.stringify({
  W1: [[0.5, -0.4], [0.1, 0.9], [-0.7, 0.2], [0.3, 0.3]],
  b1: [0.0, 0.1, -0.2, 0.05],
  W2: [[0.2, -0.5, 0.3, 0.1], [0.4, 0.1, -0.2, -0.3], [-0.1, 0.2, 0.5, 0.6]],
  b2: [0.0, 0.1, -0.1],
  inputs: [[0.5, 0.8], [-1.0, 0.3], [0.2, -0.6]],
  targets: [[0, 0, 1], 0, 1],
});

/** A 3-layer 3 → 4 → 3 → 2 network: W1 has twelve edges, W2 four sources per unit. */
const DEEP = JSON.stringify({
  W1: [[0.5, -0.4, 0.2], [0.1, 0.9, -0.3], [-0.7, 0.2, 0.4], [0.3, 0.3, 0.3]],
  b1: [0.0, 0.1, -0.2, 0.05],
  W2: [[0.2, -0.5, 0.3, 0.1], [0.4, 0.1, -0.2, -0.3], [-0.1, 0.2, 0.5, 0.6]],
  b2: [0.0, 0.1, -0.1],
  W3: [[0.3, -0.2, 0.5], [-0.4, 0.6, 0.1]],
  b3: [0.05, -0.05],
  input: [0.5, 0.8, -0.3],
  target: 1,
});

describe('numeric controls', () => {
  it('refuse what they cannot use beside the field and keep the last good state', async () => {
    const { page, errors, close } = await open(e2e.browser, e2e.served.url);
    await loadText(page, 'batch.json', BATCH);
    const example = page.getByTestId('example');
    const noteOf = async (testId: string) => {
      const id = await page.getByTestId(testId).getAttribute('aria-describedby');
      expect(id, `${testId} has no aria-describedby`).toBeTruthy();
      return page.locator(`#${id}`);
    };
    for (const bad of ['1.5', '3', '-1', 'abc', '']) {
      await example.fill(bad);
      await example.press('Enter');
      await expect.poll(() => example.getAttribute('aria-invalid')).toBe('true');
      const note = await noteOf('example');
      expect(await note.isVisible()).toBe(true);
      expect(await note.textContent()).toMatch(/not a whole number from 0 to 2; still showing example 0$/);
      // Still example 0, whole: the inputs and the trace show numbers, not undefined / NaN.
      expect(await page.getByTestId('trace').textContent()).toContain('batch    example 0 of 3');
      expect(await page.getByTestId('input-0').inputValue()).toBe('0.5');
      expect(await page.locator('[data-unit="x[0]"]').textContent()).not.toContain('NaN');
    }
    // The message line (for files) stays out of it: the error is beside the field.
    expect(await page.getByTestId('message').textContent()).toBe('Loaded batch.json.');
    await expectAccessible(page, 'example refused');
    const fieldBox = (await example.boundingBox())!;
    const noteBox = (await (await noteOf('example')).boundingBox())!;
    expect(Math.abs(noteBox.y - fieldBox.y)).toBeLessThan(80);
    await screenshot(page, 'example-refused', false);

    // A good index clears the note and switches example.
    await example.fill('2');
    await example.press('Enter');
    await expect.poll(() => page.getByTestId('trace').textContent()).toContain('batch    example 2 of 3');
    expect(await page.getByTestId('example').getAttribute('aria-invalid')).toBeNull();
    // Edits to x apply to the example on show (they were silently dropped after a bad index).
    const before = await settled(page);
    await page.getByTestId('input-0').fill('0.25');
    await page.getByTestId('input-0').press('Enter');
    await settled(page, before.generation);
    expect(await page.getByTestId('trace').textContent()).toContain('input    x = [0.2500, -0.6000]');

    // Parameters: NaN, Infinity, 1e400 refused beside the field; the table keeps the last good network.
    const generation = (await settled(page)).generation;
    for (const bad of ['NaN', 'Infinity', '1e400', 'x']) {
      await page.getByTestId('param-W1-0-0').fill(bad);
      await page.getByTestId('param-W1-0-0').press('Enter');
      await expect.poll(() => page.getByTestId('param-W1-0-0').getAttribute('aria-invalid')).toBe('true');
      expect(await (await noteOf('param-W1-0-0')).textContent()).toMatch(/^W1\[0\]\[0\]: .*; still using 0\.5$/);
    }
    expect(await page.getByTestId('gradient-table').getAttribute('data-generation')).toBe(generation);
    // A value float32 cannot hold is used (float64 is fine) but the field says what WebGPU will see.
    await page.getByTestId('param-W1-0-0').fill('1e39');
    await page.getByTestId('param-W1-0-0').press('Enter');
    await settled(page, generation);
    expect(await page.getByTestId('param-W1-0-0').getAttribute('aria-invalid')).toBeNull();
    expect(await (await noteOf('param-W1-0-0')).textContent()).toContain('not float32');
    expect(await page.getByTestId('float32-warnings').textContent()).toMatch(/^float32: W1\[0\]\[0\] = 1\.000e\+39 overflows float32/);
    expect(errors).toEqual([]);
    await close();
  });
});

describe('deeper networks and batches', () => {
  it('name every layer, number the steps, and keep edge labels apart', async () => {
    const { page, errors, close } = await open(e2e.browser, e2e.served.url);
    await loadText(page, 'deep.json', DEEP);
    expect(await page.getByTestId('step-text').textContent()).toContain('z3 = W3 a2 + b3 → p = softmax(z3) → L');
    const chips = await page.locator('.chips .chip').allTextContents();
    expect(chips).toEqual(['all', 'x, t', 'z1', 'a1', 'z2', 'a2', 'z3', 'p', 'L']);
    await page.getByTestId('pass-backward').click();
    const back = await page.locator('.chips .chip').allTextContents();
    expect(new Set(back).size).toBe(back.length);
    expect(back).toContain('7 dW2');

    // Edge labels: none overlapping; W1's twelve not stacked in one column; W2 labelled too.
    for (const view of ['forward', 'backward']) {
      await page.getByTestId(`pass-${view}`).click();
      const layers = await page.$$eval('.diagram .edge-labels', (groups) =>
        groups.map((g) => Array.from(g.querySelectorAll('rect'), (r) => ({ x: r.x.baseVal.value, y: r.y.baseVal.value, w: r.width.baseVal.value, h: r.height.baseVal.value }))),
      );
      const all = layers.flat();
      for (let a = 0; a < all.length; a++) {
        for (let b = a + 1; b < all.length; b++) {
          const [p, q] = [all[a], all[b]];
          const apart = p.x + p.w <= q.x || q.x + q.w <= p.x || p.y + p.h <= q.y || q.y + q.h <= p.y;
          expect(apart, `${view}: labels ${a} and ${b} overlap`).toBe(true);
        }
      }
      expect(layers[0].length).toBeGreaterThanOrEqual(8);
      expect(new Set(layers[0].map((r) => Math.round(r.x + r.w / 2))).size).toBeGreaterThan(2);
      expect(layers[1].length).toBeGreaterThan(0);
    }
    await screenshot(page, 'deep-backward', false);
    await expectAccessible(page, 'deep network, backward');
    expect(errors).toEqual([]);
    await close();
  });

  it('label per-example values and batch sums, and show (p − t)/N as such', async () => {
    const { page, errors, close } = await open(e2e.browser, e2e.served.url);
    await loadText(page, 'batch.json', BATCH);
    await page.getByTestId('pass-backward').click();
    const { network, batch } = parseNetworkFile(BATCH);
    const record = float64Pass(network, batch);
    const out = record.layers![1];
    for (let i = 0; i < 3; i++) {
      const t = batch.labels[0] === i ? 1 : 0;
      const dz = out.dz[i];
      expect(dz).toBeCloseTo((out.a[i] - t) / 3, 15);
      const lines = await cardLines(page, `p[${i}]`);
      expect(lines.slice(0, 3)).toEqual([`p - t ${out.a[i].toFixed(6)} - ${t}`, '÷ N ÷ 3', `= dL/dz ${dz < 0 ? '-' : '+'}${Math.abs(dz).toFixed(6)}`]);
      expect(lines[3]).toMatch(/^Σ dL\/db [+-]\d\.\d{6}$/);
    }
    expect(await cardLines(page, 'a1[0]')).toContainEqual(expect.stringMatching(/^Σ dL\/db /));
    expect(await page.locator('.figure .legend').textContent()).toContain('sums over all 3 examples');
    await expectAccessible(page, 'batch, backward');
    expect(errors).toEqual([]);
    await close();
  });
});

describe('words and numbers', () => {
  it('states the tolerance rule the code uses, prints extreme numbers well, and says when the network was edited', async () => {
    const { page, errors, close } = await open(e2e.browser, e2e.served.url);
    await settled(page);
    const note = (await page.getByTestId('table-note').textContent()) ?? '';
    // The note is the one the CLI prints, written from fd-check.ts's constants (the rule it applies).
    expect(note).toContain(`${toleranceNote()}.`);
    expect(toleranceNote()).toContain(`round-off (${ROUNDOFF_FACTOR}*eps*|L|/s)`);

    // An edit: the summary no longer calls it the lesson's network.
    expect(await page.getByTestId('summary').textContent()).toContain("(the lesson's network)");
    const before = await settled(page);
    await page.getByTestId('param-b1-0').fill('0.3');
    await page.getByTestId('param-b1-0').press('Enter');
    await settled(page, before.generation);
    const summary = (await page.getByTestId('summary').textContent()) ?? '';
    expect(summary).not.toContain("(the lesson's network)");
    expect(summary).toContain("(edited from the lesson's network)");

    // Extreme numbers: every value in the diagram and the summary stays short.
    const extreme = JSON.stringify({ W1: [[1e30, -2e-9], [0.3, 0.4], [-0.2, 0.5]], b1: [0.05, -0.1, 0.2], W2: [[0.2, -0.3, 1e-12], [-0.1, 0.4, 0.2]], b2: [0.1, -0.05], input: [3e-9, 0.8], target: 0 });
    await loadText(page, 'extreme.json', extreme);
    for (const view of ['forward', 'backward']) {
      await page.getByTestId(`pass-${view}`).click();
      const values = await diagramValues(page);
      for (const v of values) expect(v.length, `${view}: "${v}"`).toBeLessThanOrEqual(14);
      expect(values.some((v) => /e[+-]\d/.test(v))).toBe(true);
    }
    const extremeSummary = (await page.getByTestId('summary').textContent()) ?? '';
    expect(extremeSummary.length).toBeLessThan(160);
    await screenshot(page, 'extreme', false);
    expect(errors).toEqual([]);
    await close();
  });

  it('gives a binary file one clean line', async () => {
    const { page, errors, close } = await open(e2e.browser, e2e.served.url);
    await settled(page);
    const bytes = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff, 0xfe];
    await page.evaluate((bytes) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], 'picture.png', { type: 'image/png' }));
      for (const type of ['dragenter', 'dragover', 'drop']) document.body.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
    }, bytes);
    await expect.poll(() => page.getByTestId('message').textContent()).toBe('picture.png: not a network file: it holds binary data, and a network file is JSON text');
    await expectAccessible(page, 'binary file refused');
    expect(errors).toEqual([]);
    await close();
  });
});

describe('the keyboard', () => {
  it('has one tab stop for Load network…, and keeps the focus on step chips and Next', async () => {
    const { page, errors, close } = await open(e2e.browser, e2e.served.url);
    await settled(page);
    expect(await page.getByTestId('file-input').getAttribute('tabindex')).toBe('-1');
    await page.getByTestId('numbers-webgpu').focus();
    const stops: string[] = [];
    for (let n = 0; n < 3; n++) {
      await page.keyboard.press('Tab');
      stops.push(await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        return el.dataset.testid ?? `${el.tagName.toLowerCase()}:${el.textContent}`;
      }));
    }
    expect(stops).toEqual(['load', 'reset', 'download']);
    expect(await page.getByRole('button', { name: 'Load network…' }).count()).toBe(1);
    expect(await page.getByText('Load network…').count()).toBe(1);

    await page.getByTestId('pass-backward').click();
    await page.getByTestId('step-3').focus();
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('step-3').getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.testid)).toBe('step-3');
    await page.getByTestId('step-next').focus();
    for (let n = 0; n < 6; n++) await page.keyboard.press('Enter');
    expect(await page.getByTestId('step-next').getAttribute('aria-disabled')).toBe('true');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.testid)).toBe('step-next');
    expect(((await page.getByTestId('step-title').textContent()) ?? '')).toContain('step 7 of 7');
    await expectAccessible(page, 'backward, last step');
    expect(errors).toEqual([]);
    await close();
  });
});

describe('phone width', () => {
  for (const width of [360, 390]) {
    it(`fits ${width} px with no sideways scroll`, async () => {
      const phone = await open(e2e.browser, e2e.served.url, { viewport: { width, height: 800 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
      const { page } = phone;
      await settled(page);
      const overflow = () =>
        page.evaluate(() => {
          const wide = Array.from(document.querySelectorAll<HTMLElement>('.diagram-box, .scroll, pre, table, fieldset')).filter((el) => el.scrollWidth > el.clientWidth + 1 && !el.matches('pre'));
          return { page: document.documentElement.scrollWidth, wide: wide.map((el) => el.className || el.tagName) };
        });
      for (const view of ['forward', 'backward']) {
        await page.getByTestId(`pass-${view}`).click();
        const o = await overflow();
        expect(o.page, view).toBeLessThanOrEqual(width);
        expect(o.wide, view).toEqual([]);
      }
      expect(await page.getByTestId('diagram').getAttribute('data-layout')).toBe('down');
      await screenshot(page, `phone-${width}-backward`, true);
      await expectAccessible(page, `phone ${width}`);
      expect(phone.errors).toEqual([]);
      await phone.close();
    });
  }
});

describe('three views past the lesson', () => {
  it('cmp: every intermediate of the WebGPU pass against float64', async () => {
    const { page, errors, close } = await open(e2e.browser, e2e.served.url);
    const { gpu } = await settled(page);
    if (process.env.REQUIRE_WEBGPU === '1') expect(gpu).toBe('ready');
    if (gpu === 'ready') {
      const rows = await page.$$eval('[data-testid="cmp-table"] tbody tr', (trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent ?? '')));
      expect(rows.map((r) => r[0])).toEqual(['z1', 'a1', 'z2', 'p', 'L', 'dz2', 'dW2', 'db2', 'da1', 'dz1', 'dW1', 'db1']);
      for (const r of rows) expect(r[3], r[0]).toBe('yes');
      expect(await page.getByTestId('cmp-verdict').textContent()).toMatch(/^cmp: 12 of 12 tensors approximately equal \(\d+ exact\); worst \d+ ULP at \w+(\[example 0\])?(\[\d\])* \(over elements with \|f64\| >= 1e-5; \d+ of 36 nearer zero left out, where ULP counts mean nothing\)$/);
      // Elements by coordinates: dW1's worst is [unit][input]; an intermediate's row is the example.
      expect(rows.find((r) => r[0] === 'dW1')![7]).toMatch(/^dW1\[[0-2]\]\[[01]\]$/);
      expect(rows.find((r) => r[0] === 'z1')![7]).toMatch(/^z1\[example 0\]\[[0-2]\]$/);
    } else {
      expect(await page.getByTestId('cmp-panel').textContent()).toContain('No WebGPU pass to compare');
    }
    await expectAccessible(page, 'cmp');
    expect(errors).toEqual([]);
    await close();
  });

  it('break it: the rows finite differences catch, on float64 and WebGPU, and why', async () => {
    const { page, errors, close } = await open(e2e.browser, e2e.served.url);
    const { gpu } = await settled(page);
    await page.getByTestId('break-select').selectOption('w-not-transposed');
    await expect.poll(() => page.getByTestId('break-caught').textContent(), { timeout: 20_000 }).toBe(
      'caught: 6 of 17 gradients differ from finite differences: W1[1][0], W1[1][1], W1[2][0], W1[2][1], b1[1], b1[2]',
    );
    expect(await page.getByTestId('break-why').textContent()).toContain("the top layer's dW2 and db2 come from dL/dz2 directly and stay right. W2 is 2 × 3");
    expect(await page.getByTestId('break-found').textContent()).toBe('This run: the bug changes 6 of 17 gradients (W1[1][0], W1[1][1], W1[2][0], W1[2][1], b1[1], b1[2]); finite differences catch all 6.');
    const rows = await page.$$eval('[data-testid="break-table"] tbody tr', (trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent ?? '')));
    expect(rows.slice(0, 6).map((r) => [r[0], r[5]])).toEqual(['W1[1][0]', 'W1[1][1]', 'W1[2][0]', 'W1[2][1]', 'b1[1]', 'b1[2]'].map((n) => [n, 'caught']));
    if (gpu === 'ready') for (const r of rows) expect(Math.abs(Number(r[2]) - Number(r[1])), `${r[0]}: the WGSL kernel runs the same bug`).toBeLessThan(2e-6);
    await expectAccessible(page, 'break it');
    // One example: dropping 1/N changes nothing, and the page says so.
    await page.getByTestId('break-select').selectOption('mean-dropped');
    await expect.poll(() => page.getByTestId('break-caught').textContent(), { timeout: 20_000 }).toMatch(/^not caught: /);
    expect(await page.getByTestId('break-why').textContent()).toContain('this batch has one example (N = 1), so 1/N = 1 and nothing changes');
    expect(errors).toEqual([]);
    await close();
  });

  it('the h sweep: both precisions, both asymptotes, the best h', async () => {
    const { page, errors, close } = await open(e2e.browser, e2e.served.url, { initScript: SWEEP_CAPTURE });
    const { gpu } = await settled(page);
    await page.getByTestId('sweep-param').fill('W9[0][0]');
    await page.getByTestId('sweep-run').click();
    await expect.poll(() => page.getByTestId('sweep-error').textContent()).toMatch(/^no parameter "W9\[0\]\[0\]" in this network/);
    await page.getByTestId('sweep-param').fill('W2[0][1]');
    await page.getByTestId('sweep-run').click();
    await expect.poll(() => page.getByTestId('sweep-best').textContent(), { timeout: 20_000 }).toMatch(/^best h: float64 \S+ \(\|err\| \S+\), float32 \S+ \(\|err\| \S+\)\.$/);
    const best = /float64 (\S+) \(\|err\| (\S+)\), float32 (\S+) \(\|err\| (\S+)\)/.exec((await page.getByTestId('sweep-best').textContent())!)!;
    expect(Number(best[1])).toBeGreaterThanOrEqual(1e-7);
    expect(Number(best[1])).toBeLessThanOrEqual(1e-3);
    expect(Number(best[4])).toBeGreaterThan(Number(best[2]));
    expect(await page.getByTestId('sweep-source').textContent()).toMatch(gpu === 'ready' ? /^float32: WebGPU, one dispatch of nudged copies\./ : /^float32: float32 arithmetic on the CPU/);
    // uPlot drew it: a canvas and a legend naming both curves and both asymptotes.
    expect(await page.locator('[data-testid="sweep-chart"] canvas').count()).toBe(1);
    const legend = (await page.locator('[data-testid="sweep-chart"] .u-legend').textContent()) ?? '';
    for (const name of ['float64', 'float32', 'truncation C·h²', 'round-off ε64|L|/h', 'round-off ε32|L|/h', 'best h (f64)']) expect(legend).toContain(name);
    expect(await page.locator('[data-testid="sweep-table"] tbody tr').count()).toBe(23);
    // At desktop width (760 px chart) an h decade is ~58 px: the minor gridlines 2·10^k and 3·10^k fit
    // 8 px apart (4·10^k would be 7.2 px from 3·10^k), for each of the h axis's 11 decades, plus 1e-1.
    // A y decade is ~14 px, too short for any: decades only (uPlot's 1–9·10^k drew ~208 lines 0–4 px apart).
    const drawn = await sweepDrawing(page);
    expectSpacedAndLabelled(drawn, 1);
    expect(drawn.grid.x).toHaveLength(11 * 3 + 1);
    expectDecadesOnly(drawn.grid.y, 'y gridlines');
    await page.locator('.sweep').screenshot({ path: `${ARTIFACTS}/sweep.png` });
    await expectAccessible(page, 'h sweep');
    expect(errors).toEqual([]);
    await close();
  });

  it('the h sweep at 360 px: the h axis labels do not run into each other; gridlines mark decades, apart, under the labels', async () => {
    const { page, errors, close } = await open(e2e.browser, e2e.served.url, { viewport: { width: 360, height: 800 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, initScript: SWEEP_CAPTURE });
    await settled(page);
    await runSweep(page);
    const drawn = await sweepDrawing(page);
    const hAxis = axisLabels(drawn).h;
    expect(hAxis.length, 'h axis labels drawn').toBeGreaterThanOrEqual(3);
    for (let k = 1; k < hAxis.length; k++) {
      const [left, right] = [hAxis[k - 1], hAxis[k]];
      expect(right.x - right.width / 2, `${left.text} and ${right.text} overlap`).toBeGreaterThan(left.x + left.width / 2);
    }
    // Gridlines and ticks (canvas pixels: deviceScaleFactor 2): an h decade is ~17 CSS px and a y decade
    // ~3 (lines every 3rd, ~10 px apart), too short for minor lines (2·10^k … 9·10^k fell under a pixel
    // apart): decades only.
    expectSpacedAndLabelled(drawn, 2);
    expectDecadesOnly(drawn.grid.x, 'h gridlines');
    expectDecadesOnly(drawn.grid.y, 'y gridlines');
    await page.getByTestId('sweep-chart').screenshot({ path: `${ARTIFACTS}/sweep-360.png` });
    expect(errors).toEqual([]);
    await close();
  });
});
