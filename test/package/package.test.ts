/**
 * The package as a user gets it: `npm pack` the repo, install the tarball into an empty project,
 * type-check and run the README's Node example against it (float64, finite differences, WebGPU,
 * the table), bundle the browser example with vite and run the bundle, and run the installed
 * `gradient-trace` binary. A file missing from `files`, a broken `exports` or `bin`, or a .d.ts
 * that does not match the code fails here.
 *
 * Offline: the install is `npm ci --offline` from a lockfile written from this repo's own
 * package-lock.json (same versions and integrity hashes), so it only needs what `npm ci` of this
 * repo already put in npm's cache. Needs dist/cli and dist/lib built (`npm test` builds them).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launch, WEBGPU_ARGS } from '../e2e/page-harness.js';
import { packageLock } from './lockfile.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const required = process.env.REQUIRE_WEBGPU === '1';
let work = '';
let project = '';

function npm(args: string[], cwd: string): string {
  const result = spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
  return result.stdout;
}

beforeAll(() => {
  for (const built of ['dist/cli/main.js', 'dist/lib/index.js', 'dist/lib/types/index.d.ts']) {
    if (!existsSync(join(repo, built))) throw new Error(`${built} is missing: run \`npm run build:cli && npm run build:lib\` (npm test does)`);
  }
  work = mkdtempSync(join(tmpdir(), 'gradient-trace-pkg-'));
  project = join(work, 'project');
  // --ignore-scripts: the build is already there; `prepare` would rebuild it for nothing.
  const [packed] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], repo));
  const tarball = `../${packed.filename}`;
  execFileSync('mkdir', [project]);
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8'));
  // @types/node: a Node consumer's usual types (console, process), at the version this repo uses.
  const typesNode = lock.packages['node_modules/@types/node'].version;
  const manifest = { name: 'consumer', private: true, type: 'module', dependencies: { 'gradient-trace': `file:${tarball}` }, devDependencies: { '@types/node': typesNode } };
  writeFileSync(join(project, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(project, 'package-lock.json'), JSON.stringify(packageLock(manifest, pkg, lock, tarball), null, 2));
  try {
    npm(['ci', '--offline', '--ignore-scripts'], project);
  } catch (err) {
    // A cache without some tarball (not after `npm ci` of this repo): say so, then let npm fetch it.
    if (!/ENOTCACHED/.test((err as Error).message)) throw err;
    console.warn('[package test] npm cache lacks a dependency; installing with --prefer-offline');
    npm(['ci', '--prefer-offline', '--ignore-scripts'], project);
  }
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  test('the README example type-checks against the shipped .d.ts and runs: float64, finite differences, WebGPU', () => {
    copyFileSync(join(repo, 'examples/lesson-table.ts'), join(project, 'lesson-table.ts'));
    const tsconfig = {
      // The .d.ts name WebGPU's globals (GPUDevice, …), which TypeScript's DOM lib declares.
      compilerOptions: { target: 'ES2022', lib: ['ES2022', 'DOM'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'out', types: ['node'], skipLibCheck: false },
      files: ['lesson-table.ts'],
    };
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(tsconfig));
    const tsc = spawnSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', project], { encoding: 'utf8', timeout: 60_000 });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);

    const run = spawnSync(process.execPath, ['out/lesson-table.js'], { cwd: project, encoding: 'utf8', timeout: 60_000 });
    if (!required && /NoAdapterError|No usable WebGPU adapter/.test(run.stderr)) {
      console.warn(`[package test] WebGPU part not run: ${run.stderr.split('\n')[0]}`);
      return;
    }
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^parameter +analytical +webgpu +finite-diff +\|webgpu-f64\| +\|fd-f64\| +match$/m);
    expect(run.stdout).toMatch(/^W2\[0\]\[1\] +-0\.199677 +-0\.199677 +-0\.199677 +\S+ +\S+ +yes$/m);
    expect(run.stdout).toMatch(/^verdict: 17 of 17 parameters match; worst \|webgpu-f64\|/m);
  });

  test('importing the Node entry for float64 work does not load Dawn (no native module until acquireNodeGpu)', () => {
    const script = `
      const load = process.dlopen; const loaded = [];
      process.dlopen = (module, file, ...rest) => { loaded.push(file); return load(module, file, ...rest); };
      const { float64Pass, lessonNetwork, lessonBatch, acquireNodeGpu } = await import('gradient-trace');
      const loss = float64Pass(lessonNetwork(), lessonBatch()).loss.toFixed(6);
      console.log(JSON.stringify({ loss, loaded, acquire: typeof acquireNodeGpu }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ loss: '0.775804', loaded: [], acquire: 'function' });
  });

  test('the browser entry bundles with vite (no node:* or native module) and the bundle computes the table', async () => {
    copyFileSync(join(repo, 'examples/browser-table.ts'), join(project, 'browser-table.ts'));
    const warnings: string[] = [];
    await build({
      root: project,
      configFile: false,
      logLevel: 'silent',
      customLogger: undefined,
      build: {
        outDir: 'bundle',
        minify: true,
        lib: { entry: join(project, 'browser-table.ts'), formats: ['es'], fileName: 'browser-table' },
        rollupOptions: { onwarn: (w) => void warnings.push(String(w.message)) },
      },
    });
    const bundlePath = join(project, 'bundle/browser-table.js');
    const code = readFileSync(bundlePath, 'utf8');
    expect(warnings.filter((w) => /externalized for browser|node:/.test(w))).toEqual([]);
    expect(code).not.toMatch(/__vite-browser-external|from ?["'](node:|webgpu["'])/);
    // The WGSL went in (the engine is bundled, its shaders inlined).
    expect(code).toContain('@compute');
    console.info(`[package test] browser bundle of examples/browser-table.ts: ${(code.length / 1024).toFixed(1)} KiB minified`);
    const { gradientTable } = await import(pathToFileURL(bundlePath).href);
    const lesson = readFileSync(join(repo, 'test/fixtures/lesson-network.json'), 'utf8');
    const table: string = await gradientTable(lesson);
    expect(table).toMatch(/^W1\[1\]\[0\] +\+0\.188883 +\+0\.188883 +\S+ +yes$/m);
    expect(table).toMatch(/verdict: 17 of 17 parameters match/);
  });

  test('in headless Chromium, the bundled browser entry runs the table with a WebGPU column (navigator.gpu)', async () => {
    copyFileSync(join(repo, 'examples/browser-table.ts'), join(project, 'browser-table.ts'));
    const lesson = readFileSync(join(repo, 'test/fixtures/lesson-network.json'), 'utf8');
    // The bare specifier must resolve to the browser entry under vite's "browser" condition.
    const page = `<!doctype html><pre id="out"></pre><script type="module">
      import * as bare from 'gradient-trace';
      import { gradientTable } from './browser-table.ts';
      const out = document.getElementById('out');
      gradientTable(${JSON.stringify(lesson)}, true)
        .then((table) => { out.dataset.bare = 'acquireNodeGpu' in bare ? 'node entry' : 'browser entry'; out.textContent = table; })
        .catch((err) => { out.textContent = 'ERROR ' + err.message; })
        .finally(() => { out.dataset.done = '1'; });
    </script>`;
    writeFileSync(join(project, 'index.html'), page);
    await build({ root: project, configFile: false, logLevel: 'silent', build: { outDir: 'site', emptyOutDir: true } });
    const server = await preview({ root: project, configFile: false, logLevel: 'silent', build: { outDir: 'site' }, preview: { port: 0, host: '127.0.0.1', strictPort: false, open: false } });
    const browser = await launch(WEBGPU_ARGS);
    try {
      const tab = await browser.newPage();
      await tab.goto(server.resolvedUrls!.local[0]);
      await tab.waitForSelector('#out[data-done="1"]', { timeout: 60_000 });
      const text = (await tab.textContent('#out')) ?? '';
      if (!required && /^ERROR .*(WebGPU|adapter)/.test(text)) {
        console.warn(`[package test] browser WebGPU part not run: ${text}`);
        return;
      }
      expect(text).toMatch(/^parameter +analytical +webgpu +finite-diff/m);
      expect(text).toMatch(/^verdict: 17 of 17 parameters match; worst \|webgpu-f64\|/m);
      expect(await tab.getAttribute('#out', 'data-bare')).toBe('browser entry');
    } finally {
      await browser.close();
      await server.close();
    }
  });

  test('the installed gradient-trace binary runs the lesson and refuses bad flags', () => {
    const bin = join(project, 'node_modules/.bin/gradient-trace');
    const ok = spawnSync(bin, ['--backend', 'cpu'], { cwd: project, encoding: 'utf8', timeout: 60_000 });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('  a1[0] = relu(-0.060000) = 0.000000   [DEAD (clipped to 0)]');
    expect(ok.stdout).toContain('verdict: 17 of 17 parameters match');
    const version = spawnSync(bin, ['--version'], { cwd: project, encoding: 'utf8' });
    expect(version.stdout).toBe(`gradient-trace ${JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version}\n`);
    const bad = spawnSync(bin, ['--nope'], { cwd: project, encoding: 'utf8' });
    expect(bad.status).toBe(2);
  });

  test('the JSON Schemas ship and resolve through exports', () => {
    const names = ['network', 'report', 'gradients', 'cmp'];
    const script = `console.log(JSON.stringify(${JSON.stringify(names)}.map((n) => import.meta.resolve('gradient-trace/schemas/' + n + '.schema.json'))))`;
    const resolved = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8' });
    expect(resolved.status, resolved.stderr).toBe(0);
    (JSON.parse(resolved.stdout) as string[]).forEach((url, i) => {
      const schema = JSON.parse(readFileSync(fileURLToPath(url), 'utf8'));
      expect(schema.$id).toContain(`${names[i]}.schema.json`);
    });
  });
});

test('the README shows examples/lesson-table.ts verbatim (the file this test installs and runs)', () => {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  expect(readme).toContain(`\`\`\`ts\n${readFileSync(join(repo, 'examples/lesson-table.ts'), 'utf8')}\`\`\``);
});
