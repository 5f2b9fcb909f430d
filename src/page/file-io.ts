/**
 * Loading a network file (file picker and drag-and-drop), resetting to the lesson, and downloading
 * the current network. Files go through the CLI's own parser, so the page shows the CLI's messages;
 * a bad file changes nothing but the message line.
 */
import { InputError } from '../errors.js';
import { networkFileJson, parseNetworkFile } from '../network/network-file.js';
import { escapeText } from '../text/quote.js';
import { h } from './dom.js';
import type { App } from './state.js';

/** Controls, line breaks, bidi and zero-width characters shown as escapes (the CLI's escapeText, so a
 *  right-to-left override in a file name cannot reverse the message after it), U+FFFD as "?". */
export function printable(text: string): string {
  return escapeText(text).replace(/\ufffd/g, '?');
}

function oneLine(text: string): string {
  return text.split('\n')[0];
}

/** The file's text, or an InputError when it is not UTF-8 text (a picture, a zip, a NUL byte). */
export function textOf(bytes: Uint8Array): string {
  const binary = () => new InputError('not a network file: it holds binary data, and a network file is JSON text');
  if (bytes.includes(0)) throw binary();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw binary();
  }
}

export async function loadFile(app: App, file: File): Promise<void> {
  let text: string;
  try {
    text = textOf(new Uint8Array(await file.arrayBuffer()));
  } catch (err) {
    const why = err instanceof InputError ? err.message : `could not read the file (${oneLine((err as Error).message)})`;
    app.setMessage({ text: `${printable(file.name)}: ${why}`, kind: 'error' });
    return;
  }
  try {
    const { network, batch } = parseNetworkFile(text);
    app.load(network, batch, printable(file.name), () => {
      app.message = { text: `Loaded ${printable(file.name)}.`, kind: 'info' };
    });
  } catch (err) {
    const why = err instanceof InputError ? err.message : `unexpected error: ${(err as Error).message}`;
    app.setMessage({ text: `${printable(file.name)}: ${printable(oneLine(why))}`, kind: 'error' });
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
  // The picker is reached through the button only: no tab stop and nothing announced for the input itself.
  const input = h('input', { type: 'file', accept: '.json,application/json', class: 'visually-hidden', tabindex: -1, 'aria-hidden': 'true', 'data-testid': 'file-input' });
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    input.value = ''; // the same file chosen again must load again
    if (file) void loadFile(app, file);
  });
  return h(
    'div',
    { class: 'file-controls', role: 'group', 'aria-label': 'Network file' },
    input,
    h('button', { type: 'button', 'data-testid': 'load', onclick: () => input.click() }, 'Load network…'),
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
