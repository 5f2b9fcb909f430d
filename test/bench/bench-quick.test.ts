/**
 * The benchmark must not rot: build it, run `--quick` into a temp dir, and check that the table,
 * the JSON and the SVG come out well-formed. No assertion about any speed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';

const root = resolve(__dirname, '../..');
// Its own build dir, so a concurrent `npm run bench` (dist/bench) is not disturbed.
const outDir = join(root, 'dist', 'bench-test');
const script = join(outDir, 'bench.js');
const trainOutDir = join(root, 'dist', 'bench-train-test');
const trainScript = join(trainOutDir, 'train-bench.js');
let results: string;

function runBench(args: string[]) {
  return spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', timeout: 170_000 });
}

/** Every opened tag closed in order (enough to catch a truncated or mangled SVG). */
function wellFormedXml(text: string): boolean {
  const stack: string[] = [];
  for (const m of text.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, close, name, self] = m;
    if (self) continue;
    if (close) {
      if (stack.pop() !== name) return false;
    } else stack.push(name);
  }
  return stack.length === 0;
}

beforeAll(async () => {
  await build({ root, logLevel: 'error', build: { ssr: 'bench/bench.ts', outDir, emptyOutDir: true } });
  await build({ root, logLevel: 'error', build: { ssr: 'bench/train-bench.ts', outDir: trainOutDir, emptyOutDir: true } });
  results = mkdtempSync(join(tmpdir(), 'bench-quick-'));
});

afterAll(() => {
  if (results) rmSync(results, { recursive: true, force: true });
});

describe('npm run bench -- --quick', () => {
  it('rejects an unknown flag with one line and exit code 2', () => {
    const r = runBench(['--no-such-flag']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no-such-flag/);
  });

  it('rejects fewer than 5 timed runs', () => {
    const r = runBench(['--runs', '3']);
    expect(r.status).toBe(2);
  });

  it('writes the table, a well-formed JSON and SVG, and a README snippet', () => {
    const r = runBench(['--quick', '--out', results, '--no-png']);
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    expect(r.stdout).toMatch(/implementation\s+network\s+batch\s+median ms/);
    expect(r.stdout).toMatch(/crossover 2-3-2:/);

    const files = readdirSync(results);
    const json = files.find((f) => f.endsWith('-quick.json'));
    const svg = files.find((f) => f.endsWith('-quick.svg'));
    expect(json, files.join(', ')).toBeDefined();
    expect(svg, files.join(', ')).toBeDefined();
    expect(files.some((f) => f.endsWith('-README.md'))).toBe(true);

    const data = JSON.parse(readFileSync(join(results, json!), 'utf8'));
    expect(data.schema).toBe('gradient-trace-bench/1');
    expect(data.versions.webgpu).toBeTruthy();
    expect(data.versions['@tensorflow/tfjs']).toBeTruthy();
    expect(data.versions['@jax-js/jax']).toBeTruthy();
    expect(data.networks.map((n: { dims: number[] }) => n.dims.join('-'))).toEqual(['2-3-2', '784-128-10']);
    // every implementation either reported itself or said why it could not run
    const seen = new Set<string>([...data.implementations.map((i: { id: string }) => i.id), ...data.unavailable.map((u: { id: string }) => u.id)]);
    for (const id of ['f64-loop', 'f32-loop', 'tfjs-cpu', 'jax-wasm', 'per-op', 'fused', 'tfjs-webgpu', 'jax-webgpu']) expect(seen.has(id), id).toBe(true);
    expect(data.rows.length).toBeGreaterThan(0);
    for (const row of data.rows) {
      expect(['ok', 'skipped', 'failed', 'wrong']).toContain(row.status);
      if (row.status === 'ok') {
        expect(row.timesMs.length).toBeGreaterThanOrEqual(5);
        expect(row.ms.min).toBeLessThanOrEqual(row.ms.median);
        expect(row.ms.median).toBeLessThanOrEqual(row.ms.max);
        expect(row.examplesPerS).toBeGreaterThan(0);
        // a timed cell passed its float64 check, or its batch had no reference
        if (row.impl !== 'roofline') expect(row.check === null || row.check.pass).toBe(true);
      } else expect(row.reason).toBeTruthy();
    }
    // the CPU reference loops always run
    expect(data.rows.some((r: { impl: string; status: string }) => r.impl === 'f64-loop' && r.status === 'ok')).toBe(true);
    expect(data.crossover).toHaveLength(2);

    const text = readFileSync(join(results, svg!), 'utf8');
    expect(text.startsWith('<svg')).toBe(true);
    expect(text.trimEnd().endsWith('</svg>')).toBe(true);
    expect(wellFormedXml(text)).toBe(true);
    if (data.adapter) expect(text).toMatch(/stroke-dasharray/); // the dashed roofline
    expect(text).toContain('2-3-2');
  });
});

describe('npm run bench:train -- --smoke', () => {
  it('times a checked training step of the lesson network, ours on WebGPU and the float64 reference', () => {
    const r = spawnSync(process.execPath, [trainScript, '--smoke', '--impls', 'f64-cpu,fused', '--out', results], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    expect(r.stdout).toMatch(/^\| float64 reference \(CPU\) \| [\d.]+ [KM]? ?\/s \(/m);
    const file = readdirSync(results).find((f) => f.startsWith('train-') && f.endsWith('-quick.json'));
    expect(file).toBeDefined();
    const data = JSON.parse(readFileSync(join(results, file!), 'utf8'));
    expect(data.schema).toBe('gradient-trace-train-bench/1');
    const ids = [...data.cells.map((c: { impl: string }) => c.impl), ...data.unavailable.map((u: { id: string }) => u.id)];
    expect(ids.sort()).toEqual(['f64-cpu', 'fused']);
    for (const cell of data.cells) {
      if (cell.status !== 'ok') {
        expect(cell.reason).toBeTruthy();
        continue;
      }
      expect(cell.check.maxAbsErr).toBeLessThanOrEqual(cell.check.tol);
      expect(cell.stepsPerS).toBeGreaterThan(0);
    }
    expect(data.cells.some((c: { impl: string; status: string }) => c.impl === 'f64-cpu' && c.status === 'ok')).toBe(true);
    expect(spawnSync(process.execPath, [trainScript, '--impls', 'nope'], { encoding: 'utf8' }).status).toBe(2);
  });
});
