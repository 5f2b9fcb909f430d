/**
 * End to end: the built page in headless chromium. The lesson's gradients from float64 and WebGPU,
 * an edit that reruns both (checked against the float64 reference here), a bad network file, a good
 * one, and the page without WebGPU. Screenshots of the views go to test/artifacts/.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { lessonBatch, lessonNetwork } from '../../src/network/lesson.js';
import { cloneNetwork, type Batch, type Network } from '../../src/network/network.js';
import { parseNetworkFile } from '../../src/network/network-file.js';
import { gradientAt, parameterRefs } from '../../src/network/parameters.js';
import { F32_TOLERANCE } from '../../src/print/gradient-table.js';
import { signed } from '../../src/print/format.js';
import { ACTIVATIONS } from '../../src/ops/activations.js';
import { float64Pass } from '../../src/reference/float64-pass.js';
import { expectAccessible } from './axe.js';
import { elementShot, launch, NO_WEBGPU_ARGS, open, screenshot, settled, tableCells, usePage } from './page-harness.js';

const REQUIRE_WEBGPU = process.env.REQUIRE_WEBGPU === '1';

/** What the float64 column must read: the CLI's names and the CLI's %+.6f of the reference. */
function expectedFloat64(network: Network, batch: Batch): string[][] {
  const { grads } = float64Pass(network, batch);
  return parameterRefs(network).map((ref) => [ref.name, signed(gradientAt(grads, ref), 6)]);
}

/** The WebGPU column: filled, and within the f32 tolerance of the float64 reference (plus display rounding). */
function expectWebGpuClose(cells: string[][], network: Network, batch: Batch): void {
  const { grads } = float64Pass(network, batch);
  const refs = parameterRefs(network);
  cells.forEach((row, n) => {
    const f64 = gradientAt(grads, refs[n]);
    expect(row[2], `${row[0]} WebGPU cell`).toMatch(/^[+-]\d+\.\d{6}(e[+-]\d{2,})?$/);
    const tolerance = F32_TOLERANCE.abs + F32_TOLERANCE.rel * Math.abs(f64) + 5e-7;
    expect(Math.abs(Number(row[2]) - f64), `${row[0]}: WebGPU ${row[2]} vs float64 ${f64}`).toBeLessThanOrEqual(tolerance);
    expect(row[6], `${row[0]} match`).toBe('yes');
  });
}

async function checkTable(page: Page, network: Network, batch: Batch, gpu: string): Promise<void> {
  const cells = await tableCells(page);
  expect(cells.map((row) => row.slice(0, 2))).toEqual(expectedFloat64(network, batch));
  if (gpu === 'ready') expectWebGpuClose(cells, network, batch);
  else for (const row of cells) expect(row[2]).toBe('-');
}

/** The WebGPU column is checked whenever the browser has an adapter; REQUIRE_WEBGPU=1 demands one. */
function checkGpuState(gpu: string, status: string): void {
  if (REQUIRE_WEBGPU) expect(gpu, `REQUIRE_WEBGPU=1 but the WebGPU column is empty; status: ${status}`).toBe('ready');
  else if (gpu !== 'ready') console.warn(`WebGPU column empty in this browser (${status}); the WebGPU checks did not run`);
}

const e2e = usePage();

describe('the page with WebGPU', () => {
  it('shows the lesson, its gradients from float64 and WebGPU, and the adapter', async () => {
    const { page, errors, close } = await open(e2e.browser, e2e.served.url);
    const { gpu } = await settled(page);
    const status = (await page.getByTestId('status').textContent()) ?? '';
    checkGpuState(gpu, status);
    if (gpu === 'ready') {
      expect(status).toMatch(/^WebGPU adapter: /);
      expect(status).toContain('software adapter'); // SwiftShader here; a real GPU would not say it
    }
    await checkTable(page, lessonNetwork(), lessonBatch(), gpu);
    expect(await page.getByTestId('verdict').textContent()).toMatch(/^verdict: 17 of 17 parameters match/);

    // The diagram: the dead ReLU is marked, and the trace is the CLI's text.
    expect(await page.locator('[data-unit="a1[0]"] .badge').textContent()).toBe('DEAD');
    const trace = (await page.getByTestId('trace').textContent()) ?? '';
    expect(trace).toContain('  z1[0] = +0.0500 + (+0.1000 * +0.5000) + (-0.2000 * +0.8000) = -0.060000');
    expect(trace).toContain('  dL/dz1[0] = -0.161900 * 0 = -0.000000   [DEAD: gradient blocked]');
    await screenshot(page, 'forward');
    await elementShot(page, '.figure', 'forward-diagram');
    await expectAccessible(page, 'lesson, forward');

    // Backward view (B on the keyboard); step through with the arrows to the dW2 step.
    await page.locator('body').press('b');
    expect(await page.getByTestId('pass-backward').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('[data-unit="a1[0]"]').textContent()).toContain('-0.161900'); // dL/da1[0], blocked by the dead ReLU
    await screenshot(page, 'backward');
    await elementShot(page, '.figure', 'backward-diagram');
    await page.locator('body').press('ArrowRight');
    await page.locator('body').press('ArrowRight');
    await page.locator('body').press('ArrowRight');
    const step = (await page.getByTestId('step-text').textContent()) ?? '';
    expect(step.split('\n')[0]).toBe('step 3: dL/dW2[i][j] = dL/dz2[i] * a1[j]');
    expect(step).toContain('  dL/dW2[0][1] = dL/dz2[0] * a1[1] = -0.539666 * 0.370000 = -0.199677');
    expect(await page.locator('.diagram.focus .edges.hit-out').count()).toBe(1);
    // Pointing at a line marks the edge it is about.
    await page.getByTestId('step-text').locator('.line').nth(2).hover();
    expect(await page.locator('.diagram line.edge.pinned').getAttribute('data-edit')).toBe('param-W2-0-1');
    await screenshot(page, 'backward-step-3', false);
    await page.getByTestId('step-5').click();
    expect(((await page.getByTestId('step-text').textContent()) ?? '').split('\n')[0]).toBe("step 5: dL/dz1[j] = dL/da1[j] * relu'(z1[j])");
    await screenshot(page, 'backward-step-5', false);
    await expectAccessible(page, 'lesson, backward step 5');
    await elementShot(page, '.figure', 'backward-step-5-diagram');
    // The README's picture (docs/page.png is a copy of this one): header, diagram and step text in one view.
    await page.setViewportSize({ width: 1280, height: 1320 });
    await screenshot(page, 'page', false);

    // The WebGPU numbers can drive the diagram and the trace too (f32, printed the same way).
    if (gpu === 'ready') {
      await page.getByTestId('numbers-webgpu').click();
      expect(await page.getByTestId('trace').textContent()).toContain('  dL/dz2[0] = p[0] - t[0] = 0.460334 - 1 = -0.539666');
      await page.getByTestId('numbers-float64').click();
    }
    await page.locator('body').press('f');
    expect(await page.getByTestId('pass-forward').getAttribute('aria-pressed')).toBe('true');
    expect(errors).toEqual([]);
    await close();
  });

  it('reruns float64, WebGPU and finite differences on every edit', async () => {
    const { page, errors, close } = await open(e2e.browser, e2e.served.url);
    let { generation } = await settled(page);

    // W1[0][0]: 0.1 → 0.9 brings the dead hidden unit to life (z1[0] = 0.05 + 0.45 − 0.16 = 0.34).
    const network = cloneNetwork(lessonNetwork());
    network.layers[0].W[0] = 0.9;
    await page.getByTestId('param-W1-0-0').fill('0.9');
    await page.getByTestId('param-W1-0-0').press('Enter');
    let gpu: string;
    ({ generation, gpu } = await settled(page, generation));
    checkGpuState(gpu, (await page.getByTestId('status').textContent()) ?? '');
    await checkTable(page, network, lessonBatch(), gpu);
    expect(await page.locator('[data-unit="a1[0]"] .badge').textContent()).toBe('passes');
    expect(await page.getByTestId('trace').textContent()).toContain('  z1[0] = +0.0500 + (+0.9000 * +0.5000) + (-0.2000 * +0.8000) = +0.340000');

    // A bias, an input and the target: each applies on change.
    network.layers[1].b[1] = -0.5;
    await page.getByTestId('param-b2-1').fill('-0.5');
    await page.getByTestId('param-b2-1').press('Enter');
    ({ generation, gpu } = await settled(page, generation));
    await checkTable(page, network, lessonBatch(), gpu);

    const batch = lessonBatch();
    batch.inputs[0] = -1.25;
    await page.getByTestId('input-0').fill('-1.25');
    await page.getByTestId('input-0').blur(); // leaving the field applies it too
    ({ generation, gpu } = await settled(page, generation));
    await checkTable(page, network, batch, gpu);

    batch.labels[0] = 1;
    await page.getByTestId('target').selectOption('1');
    ({ generation, gpu } = await settled(page, generation));
    await checkTable(page, network, batch, gpu);
    await screenshot(page, 'edited');

    // Download JSON gives the edited network back as a network file.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
    expect(download.suggestedFilename()).toBe('network.json');
    const saved = parseNetworkFile(await readFile((await download.path())!, 'utf8'));
    expect(saved.network.layers.map((l) => [Array.from(l.W), Array.from(l.b)])).toEqual(network.layers.map((l) => [Array.from(l.W), Array.from(l.b)]));
    expect([Array.from(saved.batch.inputs), Array.from(saved.batch.labels)]).toEqual([Array.from(batch.inputs), Array.from(batch.labels)]);

    // Not a number: refused, said so beside the field, nothing rerun.
    await page.getByTestId('param-W2-0-0').fill('abc');
    await page.getByTestId('param-W2-0-0').press('Enter');
    const note = await page.getByTestId('param-W2-0-0').getAttribute('aria-describedby');
    await expect.poll(() => page.locator(`#${note}`).textContent()).toBe('W2[0][0]: "abc" is not a number; still using 0.2');
    await checkTable(page, network, batch, gpu);
    expect(errors).toEqual([]);
    await close();
  });

  it('a hidden layer\'s activation is chosen in the editors; diagram, trace, table and download follow; saturated units are shown', async () => {
    const { page, errors, close } = await open(e2e.browser, e2e.served.url);
    let { generation } = await settled(page);
    const lesson = lessonNetwork();
    const network: Network = { layers: [{ ...lesson.layers[0], activation: 'sigmoid' }, lesson.layers[1]] };
    await page.getByTestId('activation-1').selectOption('sigmoid');
    let gpu: string;
    ({ generation, gpu } = await settled(page, generation));
    checkGpuState(gpu, (await page.getByTestId('status').textContent()) ?? '');
    await checkTable(page, network, lessonBatch(), gpu);
    const trace = (await page.getByTestId('trace').textContent()) ?? '';
    expect(trace).toContain('hidden activations  a1 = sigmoid(z1)');
    expect(trace).toContain("dL/dz1[j] = dL/da1[j] * sigmoid'(z1[j])");
    expect(await page.locator('[data-unit="a1[0]"] .badge').textContent()).toBe('passes');

    // b1[0] = 20 saturates unit 0: its local derivative σ(1 − σ) falls below 1e-3.
    network.layers[0].b[0] = 20;
    await page.getByTestId('param-b1-0').fill('20');
    await page.getByTestId('param-b1-0').press('Enter');
    ({ generation, gpu } = await settled(page, generation));
    await checkTable(page, network, lessonBatch(), gpu);
    expect(await page.locator('[data-unit="a1[0]"] .badge').textContent()).toBe('SATURATED');
    await page.getByTestId('pass-backward').click();
    const card = (await page.locator('[data-unit="a1[0]"]').textContent()) ?? '';
    expect(card).toContain("× sigmoid'");
    // The card shows the record's local derivative, σ(1 − σ) ≈ 2e-9, as the trace prints it.
    const local = float64Pass(network, lessonBatch()).layers![0].local![0];
    expect(local).toBeLessThan(1e-3);
    expect(card).toContain(ACTIVATIONS.sigmoid.trace.local(local));
    expect(await page.getByTestId('trace').textContent()).toContain('[SATURATED: gradient nearly blocked]');
    await screenshot(page, 'sigmoid-saturated');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
    const text = await readFile((await download.path())!, 'utf8');
    expect(JSON.parse(text).activation).toBe('sigmoid');
    expect(parseNetworkFile(text).network.layers[0].activation).toBe('sigmoid');
    expect(errors).toEqual([]);
    await close();
  });

  it('shows a bad network file\'s validation error and keeps working; loads a good one', async () => {
    const { page, errors, close } = await open(e2e.browser, e2e.served.url);
    let { generation } = await settled(page);
    const lesson = lessonNetwork();
    const bad = {
      W1: [[0.1, -0.2], [0.3, 0.4], [-0.2, 0.5]],
      b1: [0.05, -0.1, 0.2],
      W2: [[0.2, -0.3], [-0.1, 0.4]],
      b2: [0.1, -0.05],
      input: [0.5, 0.8],
      target: [1, 0],
    };
    const expectedError = (text: string) => {
      try {
        parseNetworkFile(text);
      } catch (err) {
        if (err instanceof InputError) return err.message;
      }
      throw new Error('the file was expected to be refused');
    };
    const badText = JSON.stringify(bad);
    expect(expectedError(badText)).toBe('W2 has 2 columns but layer 1 has 3 units');
    await page.getByTestId('file-input').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(badText) });
    await expect.poll(() => page.getByTestId('message').textContent()).toBe(`bad.json: ${expectedError(badText)}`);
    await screenshot(page, 'bad-file', false);
    await expectAccessible(page, 'bad file');
    await checkTable(page, lesson, lessonBatch(), (await settled(page)).gpu);

    await page.getByTestId('file-input').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"W1": [[1, 2]') });
    // The parser's own words come from the JS engine (node's and chromium's V8 word it alike, give or take a suffix).
    expect(expectedError('{"W1": [[1, 2]')).toMatch(/^not valid JSON: /);
    await expect.poll(() => page.getByTestId('message').textContent()).toMatch(/^broken\.json: not valid JSON: \S/);

    // Still working: an edit reruns everything.
    const edited = cloneNetwork(lesson);
    edited.layers[1].W[4] = 0.75; // W2[1][1]
    await page.getByTestId('param-W2-1-1').fill('0.75');
    await page.getByTestId('param-W2-1-1').press('Enter');
    let gpu: string;
    ({ generation, gpu } = await settled(page, generation));
    await checkTable(page, edited, lessonBatch(), gpu);

    // A good file: a 2 → 4 → 3 network with a batch of three (one-hot and index targets).
    const good = {
      W1: [[0.5, -0.4], [0.1, 0.9], [-0.7, 0.2], [0.3, 0.3]],
      b1: [0.0, 0.1, -0.2, 0.05],
      W2: [[0.2, -0.5, 0.3, 0.1], [0.4, 0.1, -0.2, -0.3], [-0.1, 0.2, 0.5, 0.6]],
      b2: [0.0, 0.1, -0.1],
      inputs: [[0.5, 0.8], [-1.0, 0.3], [0.2, -0.6]],
      targets: [[0, 0, 1], 0, 1],
    };
    const goodText = JSON.stringify(good);
    await page.getByTestId('file-input').setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(goodText) });
    ({ generation, gpu } = await settled(page, generation));
    const parsed = parseNetworkFile(goodText);
    await checkTable(page, parsed.network, parsed.batch, gpu);
    expect(await page.getByTestId('message').textContent()).toBe('Loaded good.json.');
    expect(await page.locator('.diagram .unit').count()).toBe(2 + 4 + 3 + 1);
    expect(await page.getByTestId('summary').textContent()).toContain('2 → 4 → 3 network (good.json)');
    await page.getByTestId('example').fill('2');
    await page.getByTestId('example').press('Enter');
    expect(await page.getByTestId('trace').textContent()).toContain('batch    example 2 of 3');
    await page.getByTestId('pass-backward').click();
    await screenshot(page, 'batch-backward');
    expect(await page.getByTestId('float32-warnings').isHidden()).toBe(true);

    // A weight float32 cannot hold: named before the WebGPU column goes NaN, with what it means.
    const overflow = JSON.stringify({ ...good, W1: [[0.5, 1e39], [0.1, 0.9], [-0.7, 0.2], [0.3, 0.3]] });
    await page.getByTestId('file-input').setInputFiles({ name: 'overflow.json', mimeType: 'application/json', buffer: Buffer.from(overflow) });
    ({ generation, gpu } = await settled(page, generation));
    expect(await page.getByTestId('float32-warnings').isVisible()).toBe(true);
    expect(await page.getByTestId('float32-warnings').textContent()).toMatch(/^float32: W1\[0\]\[1\] = 1\.000e\+39 overflows float32 \(largest 3\.403e\+38\)/);

    // A weight float32 rounds to 1 (a ReLU gate flips in WebGPU's float32 inputs): f32-input, not a mismatch.
    const flip = await readFile(new URL('../fixtures/float32/flip.json', import.meta.url), 'utf8');
    await page.getByTestId('file-input').setInputFiles({ name: 'flip.json', mimeType: 'application/json', buffer: Buffer.from(flip) });
    ({ generation, gpu } = await settled(page, generation));
    if (gpu === 'ready') {
      const flipCells = await tableCells(page);
      expect(flipCells[0][0]).toBe('W1[0][0]');
      expect(flipCells[0][6]).toBe('f32-input');
      expect(await page.getByTestId('verdict').textContent()).not.toContain('MISMATCH');
      expect(await page.getByTestId('table-note').textContent()).toContain('float32 rounding of the inputs/weights changes this gradient');
      // The cmp panel judges the tensors as the table its rows: the six the flipped gate changes are f32-input.
      const cmpRows = await page.$$eval('[data-testid="cmp-table"] tbody tr', (trs) => trs.map((tr) => Array.from(tr.children, (c) => [c.textContent ?? '', c.className])));
      const changed = ['z1', 'a1', 'dW2', 'dz1', 'dW1', 'db1'];
      expect(cmpRows.filter((r) => r[3][0] === 'f32-input').map((r) => r[0][0])).toEqual(changed);
      expect(cmpRows.filter((r) => r[3][0] === 'f32-input').every((r) => r[3][1] === 'f32-input')).toBe(true);
      expect(cmpRows.filter((r) => !changed.includes(r[0][0])).map((r) => r[3][0])).toEqual(Array(6).fill('yes'));
      expect(await page.getByTestId('cmp-verdict').getAttribute('data-ok')).toBe('true');
      expect(await page.getByTestId('cmp-verdict').textContent()).toMatch(/^cmp: 6 of 12 tensors approximately equal \(\d+ exact\); 6 f32-input \(float32 rounding of the inputs\/weights, not a kernel error\): z1, a1, dW2, dz1, dW1, db1; worst /);
      expect(await page.getByTestId('cmp-notes').textContent()).toBe(
        'f32-input  z1, a1, dW2, dz1, dW1, db1: float32 rounding of the inputs/weights changes these values (e.g. a ReLU gate flips); WebGPU matches a float64 pass on the float32-rounded inputs and weights: not a kernel error.',
      );
    }

    // Logits 1.7e8 apart by 0.15, equal in float32 (QA's repro): the weights' WebGPU values are
    // f32-cond (ill-conditioned in float32, not judged), not mismatches.
    const cond = await readFile(new URL('../fixtures/float32/cond.json', import.meta.url), 'utf8');
    await page.getByTestId('file-input').setInputFiles({ name: 'cond.json', mimeType: 'application/json', buffer: Buffer.from(cond) });
    ({ generation, gpu } = await settled(page, generation));
    if (gpu === 'ready') {
      const condCells = await tableCells(page);
      expect(condCells.slice(0, 4).map((row) => [row[0], row[6]])).toEqual(['W1[0][0]', 'W1[0][1]', 'W1[1][0]', 'W1[1][1]'].map((name) => [name, 'f32-cond']));
      expect(await page.getByTestId('table-note').textContent()).toContain('ill-conditioned in float32: float32 arithmetic alone, its roundings drawn at random, moves this gradient past the tolerance');
      expect(await page.getByTestId('verdict').textContent()).toContain('6 f32-cond (ill-conditioned in float32: WebGPU not judged)');
    }

    // 1e20 · 1e20 overflows float32 (the range warning fires): the cmp panel calls WebGPU's NaNs n/a
    // (f32-range, not judged), as the table does, not f32-cond; the finite elements pass it.
    const ovf32 = await readFile(new URL('../fixtures/float32/ovf32.json', import.meta.url), 'utf8');
    await page.getByTestId('file-input').setInputFiles({ name: 'ovf32.json', mimeType: 'application/json', buffer: Buffer.from(ovf32) });
    ({ generation, gpu } = await settled(page, generation));
    if (gpu === 'ready') {
      const ovfRows = await page.$$eval('[data-testid="cmp-table"] tbody tr', (trs) => trs.map((tr) => Array.from(tr.children, (c) => [c.textContent ?? '', c.className])));
      expect(ovfRows.map((r) => [r[0][0], ...r[3]])).toEqual(['z1', 'p', 'L', 'dz1', 'dW1', 'db1'].map((name) => [name, 'n/a', 'f32-range']));
      expect(await page.getByTestId('cmp-verdict').getAttribute('data-ok')).toBe('true');
      expect(await page.getByTestId('cmp-verdict').textContent()).toMatch(/^cmp: no tensor could be judged whole, but 6 of 13 elements could, and none mismatches; 6 n\/a /);
      expect(await page.getByTestId('cmp-notes').textContent()).toBe(
        "n/a  z1, p, L, dz1, dW1, db1: WebGPU's value is not finite where these differ because float32 cannot hold this pass's values (see the warning above); not judged.",
      );
    }

    // Drag and drop: the same parser, the same messages.
    const drop = (name: string, text: string) =>
      page.evaluate(
        ([name, text]) => {
          const data = new DataTransfer();
          data.items.add(new File([text], name, { type: 'application/json' }));
          for (const type of ['dragenter', 'dragover', 'drop']) {
            document.body.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
          }
        },
        [name, text],
      );
    await drop('dropped-bad.json', badText);
    await expect.poll(() => page.getByTestId('message').textContent()).toBe(`dropped-bad.json: ${expectedError(badText)}`);
    const lessonFile = JSON.stringify({ ...bad, W2: [[0.2, -0.3, 0.1], [-0.1, 0.4, 0.2]] });
    await drop('dropped.json', lessonFile);
    ({ generation, gpu } = await settled(page, generation));
    expect(await page.getByTestId('message').textContent()).toBe('Loaded dropped.json.');
    await checkTable(page, lesson, lessonBatch(), gpu);

    await page.getByTestId('reset').click();
    ({ generation, gpu } = await settled(page, generation));
    await checkTable(page, lesson, lessonBatch(), gpu);
    expect(await page.getByTestId('float32-warnings').isHidden()).toBe(true);
    expect(errors).toEqual([]);
    await close();
  });

  it('shows a network too big to draw as a summary and the table', async () => {
    const { page, errors, close } = await open(e2e.browser, e2e.served.url);
    let { generation } = await settled(page);
    // A 784 → 128 → 10 network (MNIST-shaped) with a batch of 16: 101,770 parameters.
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 0.2;
    const matrix = (rows: number, cols: number) => Array.from({ length: rows }, () => Array.from({ length: cols }, random));
    const big = {
      W1: matrix(128, 784),
      b1: matrix(1, 128)[0],
      W2: matrix(10, 128),
      b2: matrix(1, 10)[0],
      inputs: matrix(16, 784).map((row) => row.map((v) => v * 5)),
      targets: Array.from({ length: 16 }, (_, n) => n % 10),
    };
    const text = JSON.stringify(big);
    // The float64 pass runs in a worker with a progress line: record that it was shown.
    await page.evaluate(() => {
      const el = document.querySelector<HTMLElement>('[data-testid="progress"]')!;
      new MutationObserver(() => {
        if (!el.hidden) (window as unknown as { progressSeen: string }).progressSeen = el.textContent ?? '';
      }).observe(el, { attributes: true, childList: true, subtree: true, characterData: true });
    });
    await page.getByTestId('file-input').setInputFiles({ name: 'mnist-shaped.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    let gpu: string;
    ({ generation, gpu } = await settled(page, generation));
    checkGpuState(gpu, (await page.getByTestId('status').textContent()) ?? '');
    expect(await page.evaluate(() => (window as unknown as { progressSeen?: string }).progressSeen)).toMatch(/^Computing .* for the 784 → 128 → 10 network, 101770 parameters, batch of 16 \(in a worker\)…$/);
    expect(await page.getByTestId('progress').isHidden()).toBe(true);
    expect(await page.getByTestId('too-big').textContent()).toContain('784 → 128 → 10 network is too big to draw');
    expect(await page.getByTestId('summary').textContent()).toContain('101770 parameters · batch of 16');
    expect(await page.getByTestId('message').textContent()).toBe('Loaded mnist-shaped.json.');
    const { network, batch } = parseNetworkFile(text);
    const expected = expectedFloat64(network, batch);
    // A summary, not 101,770 rows: the first 100, then "Show more", a filter and worst first.
    let cells = await tableCells(page);
    expect(cells.map((row) => row.slice(0, 2))).toEqual(expected.slice(0, 100));
    if (gpu === 'ready') expectWebGpuClose(cells, network, batch);
    expect(await page.getByTestId('table-shown').textContent()).toBe('Showing 100 of 101770 rows; the verdict counts them all.');
    await page.getByTestId('table-more').click();
    expect(await tableCells(page)).toHaveLength(200);
    await page.getByTestId('table-search').fill('W2[3]');
    cells = await tableCells(page);
    expect(cells.map((row) => row.slice(0, 2))).toEqual(expected.filter(([name]) => name.startsWith('W2[3]')).slice(0, 100));
    expect(await page.getByTestId('table-shown').textContent()).toBe('Showing 100 of 128 matching (of 101770) rows; the verdict counts them all.');
    await page.getByTestId('table-search').fill('');
    if (gpu === 'ready') {
      await page.getByTestId('table-order').selectOption('worst-gpu');
      cells = await tableCells(page);
      const deltas = cells.map((row) => Number(row[4]));
      expect(deltas).toEqual([...deltas].sort((a, b) => b - a));
      const verdict = (await page.getByTestId('verdict').textContent()) ?? '';
      expect(verdict).toContain(`worst |webgpu-f64| ${cells[0][4]} at ${cells[0][0]}`);
    }
    await page.getByTestId('table-mismatches').check();
    expect(await tableCells(page)).toHaveLength(0);
    await page.getByTestId('table-mismatches').uncheck();
    expect(await page.getByTestId('verdict').textContent()).toMatch(
      gpu === 'ready' ? /^verdict: 101770 of 101770 parameters match WebGPU \(finite differences skipped\); worst \|webgpu-f64\| / : /^verdict: finite differences skipped and no WebGPU pass/,
    );
    await screenshot(page, 'too-big', false);
    await expectAccessible(page, 'too big to draw');
    expect(errors).toEqual([]);
    await close();
  });

  it('reads well at phone width and in dark mode', async () => {
    const phone = await open(e2e.browser, e2e.served.url, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    await settled(phone.page);
    // Nothing but the diagram and the wide tables may scroll sideways.
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone.page, 'phone-forward');
    await phone.page.getByTestId('pass-backward').click();
    await screenshot(phone.page, 'phone-backward', false);
    expect(phone.errors).toEqual([]);
    await phone.close();

    const dark = await open(e2e.browser, e2e.served.url, { colorScheme: 'dark' });
    await settled(dark.page);
    await dark.page.getByTestId('pass-backward').click();
    await dark.page.getByTestId('step-7').click();
    await screenshot(dark.page, 'dark-backward');
    await expectAccessible(dark.page, 'dark, backward step 7');
    expect(dark.errors).toEqual([]);
    await dark.close();
  });
});

describe('the page without WebGPU', () => {
  async function checkWithout(page: Page, reason: RegExp): Promise<void> {
    const { gpu } = await settled(page);
    expect(gpu).toBe('none');
    const status = (await page.getByTestId('status').textContent()) ?? '';
    expect(status).toMatch(/^WebGPU unavailable: /);
    expect(status).toMatch(reason);
    expect(status).toContain('The WebGPU column stays empty; float64 and finite differences still run.');
    await checkTable(page, lessonNetwork(), lessonBatch(), gpu);
    // Edits still rerun float64 and finite differences.
    const network = cloneNetwork(lessonNetwork());
    network.layers[0].b[0] = 0.5;
    const before = await settled(page);
    await page.getByTestId('param-b1-0').fill('0.5');
    await page.getByTestId('param-b1-0').press('Enter');
    await settled(page, before.generation);
    await checkTable(page, network, lessonBatch(), 'none');
  }

  it('says why when the browser has no navigator.gpu', async () => {
    const { page, errors, close } = await open(e2e.browser, e2e.served.url, { initScript: 'delete Navigator.prototype.gpu;' });
    expect(await page.evaluate(() => 'gpu' in navigator)).toBe(false);
    await checkWithout(page, /navigator\.gpu is missing/);
    await screenshot(page, 'no-webgpu', false);
    await expectAccessible(page, 'no WebGPU');
    expect(errors).toEqual([]);
    await close();
  });

  it('says why when there is no adapter', async () => {
    const plain = await launch(NO_WEBGPU_ARGS);
    try {
      const { page, errors, close } = await open(plain, e2e.served.url);
      await checkWithout(page, /no adapter was found/);
      expect(errors).toEqual([]);
      await close();
    } finally {
      await plain.close();
    }
  });
});
