/**
 * Build the page with vite's API, serve the build with vite preview on a free port, and drive
 * Debian's chromium through playwright-core (WebGPU on SwiftShader; see shared/toolchain.md).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { build, preview, type PreviewServer, type Rolldown } from 'vite';
import { afterAll, beforeAll } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '../..');
export const ARTIFACTS = join(ROOT, 'test/artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const QUIET = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];
/** With these, chromium hands the page a SwiftShader WebGPU adapter on a machine with no GPU. */
export const WEBGPU_ARGS = [...QUIET, '--enable-unsafe-webgpu'];
/** Without --enable-unsafe-webgpu, headless chromium on Linux has navigator.gpu but no adapter. */
export const NO_WEBGPU_ARGS = QUIET;

export interface Served {
  readonly url: string;
  close(): Promise<void>;
}

/** Build the page into a temporary folder and serve it. */
export async function buildAndServe(): Promise<Served> {
  const outDir = await mkdtemp(join(tmpdir(), 'gradient-trace-page-'));
  const configFile = join(ROOT, 'vite.config.ts');
  await build({ root: ROOT, configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server: PreviewServer = await preview({ root: ROOT, configFile, logLevel: 'warn', build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false, open: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  return {
    url,
    async close() {
      await server.close();
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

/**
 * `entry` (a path from the repository root) bundled as one classic script, for a test to add to a
 * page (page.addScriptTag) and run there — project code in the browser's own engine.
 */
export async function bundleForPage(entry: string): Promise<string> {
  const output = await build({
    root: ROOT,
    configFile: false,
    logLevel: 'warn',
    build: { write: false, minify: false, target: 'es2022', lib: { entry: join(ROOT, entry), formats: ['iife'], name: 'bundled' } },
  });
  // write: false without watch gives the output itself (one per format), never a watcher.
  const chunks = (Array.isArray(output) ? output[0] : (output as Rolldown.RolldownOutput)).output;
  const chunk = chunks.find((c) => c.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error(`vite gave no script for ${entry}`);
  return chunk.code;
}

export async function launch(args: readonly string[]): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM}: install Debian's chromium (see DEVELOPERS.md) or set CHROMIUM_PATH`);
  return chromium.launch({ executablePath: CHROMIUM, args: [...args] });
}

export interface Opened {
  readonly page: Page;
  /** Uncaught page errors and console errors, for the test to assert empty. */
  readonly errors: string[];
  close(): Promise<void>;
}

export async function open(browser: Browser, url: string, options: BrowserContextOptions & { initScript?: string } = {}): Promise<Opened> {
  const { initScript, ...contextOptions } = options;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...contextOptions });
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
  });
  await page.goto(url);
  await page.waitForSelector('[data-testid="gradient-table"] tbody tr');
  return { page, errors, close: () => context.close() };
}

/** Wait until the table shows a generation other than `after` and its WebGPU pass has settled. */
export async function settled(page: Page, after?: string): Promise<{ generation: string; gpu: string }> {
  await page.waitForFunction(
    (previous) => {
      const table = document.querySelector<HTMLElement>('[data-testid="gradient-table"]');
      return !!table && table.dataset.gpu !== 'pending' && table.dataset.generation !== previous;
    },
    after ?? null,
    { timeout: 30_000 },
  );
  return page.$eval('[data-testid="gradient-table"]', (t) => ({ generation: (t as HTMLElement).dataset.generation!, gpu: (t as HTMLElement).dataset.gpu! }));
}

/** The table's rows as text cells: [name, float64, webgpu, fd, |webgpu-f64|, |fd-f64|, match]. */
export function tableCells(page: Page): Promise<string[][]> {
  return page.$$eval('[data-testid="gradient-table"] tbody tr', (rows) =>
    rows.map((row) => Array.from((row as HTMLTableRowElement).cells, (cell) => cell.textContent ?? '')),
  );
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  // From the top, so the sticky toolbar sits where a reader sees it and the status line shows.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage });
  return path;
}

/** A screenshot of one element (the diagram panel, say). */
export async function elementShot(page: Page, selector: string, name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.locator(selector).screenshot({ path });
  return path;
}

/**
 * For a test file: builds and serves the page and launches Chromium once (beforeAll), closing both
 * after the file (afterAll). Read `served` and `browser` inside tests, once the hooks have run.
 */
export function usePage(args: readonly string[] = WEBGPU_ARGS): { readonly served: Served; readonly browser: Browser } {
  const state = {} as { served: Served; browser: Browser };
  beforeAll(async () => {
    state.served = await buildAndServe();
    state.browser = await launch(args);
  });
  afterAll(async () => {
    await state.browser?.close();
    await state.served?.close();
  });
  return state;
}
