/**
 * Loading a network file (file picker and drag-and-drop), resetting to the lesson, and downloading
 * the current network. Files go through the CLI's own parser, so the page shows the CLI's messages;
 * a bad file changes nothing but the message line.
 */
import { InputError } from '../errors.js';
import { networkFileJson, parseNetworkFile } from '../network/network-file.js';
import { h } from './dom.js';
import type { App } from './state.js';

export async function loadFile(app: App, file: File): Promise<void> {
  let text: string;
  try {
    text = await file.text();
  } catch (err) {
    app.setMessage({ text: `${file.name}: could not read the file (${(err as Error).message})`, kind: 'error' });
    return;
  }
  try {
    const { network, batch } = parseNetworkFile(text);
    app.load(network, batch, file.name);
    app.setMessage({ text: `Loaded ${file.name}.`, kind: 'info' });
  } catch (err) {
    const why = err instanceof InputError ? err.message : `unexpected error: ${(err as Error).message}`;
    app.setMessage({ text: `${file.name}: ${why}`, kind: 'error' });
  }
}

export function download(app: App): void {
  const { network, batch } = app.snapshot;
  const blob = new Blob([networkFileJson(network, batch)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: 'network.json' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The file controls for the toolbar. */
export function fileControls(app: App): HTMLElement {
  const input = h('input', { type: 'file', accept: '.json,application/json', class: 'visually-hidden', id: 'file-input', 'data-testid': 'file-input' });
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    input.value = ''; // the same file chosen again must load again
    if (file) void loadFile(app, file);
  });
  return h(
    'div',
    { class: 'file-controls', role: 'group', 'aria-label': 'Network file' },
    input,
    h('label', { for: 'file-input', class: 'button', tabindex: 0, onkeydown: (e: Event) => {
      const key = (e as KeyboardEvent).key;
      if (key === 'Enter' || key === ' ') {
        e.preventDefault();
        input.click();
      }
    } }, 'Load network…'),
    h('button', { type: 'button', 'data-testid': 'reset', onclick: () => app.reset() }, 'Reset to the lesson'),
    h('button', { type: 'button', 'data-testid': 'download', onclick: () => download(app) }, 'Download JSON'),
  );
}

/** Drop a .json file anywhere on the page to load it. */
export function enableDrop(app: App, target: HTMLElement): void {
  let depth = 0;
  target.addEventListener('dragenter', (e) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    depth++;
    target.classList.add('dropping');
  });
  target.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) target.classList.remove('dropping');
  });
  target.addEventListener('dragover', (e) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  target.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    target.classList.remove('dropping');
    const file = e.dataTransfer?.files[0];
    if (file) void loadFile(app, file);
  });
}
