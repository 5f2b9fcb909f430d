/**
 * In-place editors for every weight, bias, input and the target, and a chooser of each hidden
 * layer's activation (the op table's names). An edit applies on change (Enter or leaving the
 * field); a field that is not a finite number is marked and not applied.
 * Field hooks: param-W1-0-0, param-b1-0, input-0, target, activation-1 (and example for a batch).
 */
import { activationOf, parameterCount, type Network } from '../network/network.js';
import { ACTIVATION_NAMES, ACTIVATIONS, type ActivationName } from '../ops/activations.js';
import { parameterRefs, type ParamRef } from '../network/parameters.js';
import { h } from './dom.js';
import { setFieldNote } from './field-note.js';
import type { App } from './state.js';

/** Past this many parameters the page does not lay out one field per number. */
export const MAX_EDITABLE = 400;
/** Input fields laid out at most (a 784-pixel image is edited in its file). */
export const MAX_INPUT_FIELDS = 32;

/** "W1[0][1]" → "param-W1-0-1"; "b2[0]" → "param-b2-0". */
export function testIdOf(name: string): string {
  return `param-${name.replace(/\]\[/g, '-').replace(/\[/, '-').replace(/\]$/, '')}`;
}

/** The number as a person would type it: shortest round-trip form. */
function show(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/** The largest finite float32: a value past it becomes ±Infinity on the GPU. */
export const F32_MAX = 3.4028234663852886e38;

/** Why `text` is not a usable number (null when it is): empty, not a number, or not finite. */
export function numberProblem(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return 'empty: type a number';
  const v = Number(trimmed);
  if (Number.isNaN(v)) return `"${trimmed}" is not a number`;
  if (!Number.isFinite(v)) return `"${trimmed}" is not finite`;
  return null;
}

/** A note for a finite value that float32 cannot hold (the WebGPU pass sees ±Infinity), else null. */
export function float32Note(v: number): string | null {
  return Math.abs(v) > F32_MAX ? `fits float64 but not float32 (|x| > 3.4e38): on WebGPU it becomes ${v > 0 ? '+' : '-'}Infinity, so the WebGPU column turns to Infinity/NaN` : null;
}

/**
 * A text field for one number. An unusable entry is refused beside the field (aria-invalid,
 * aria-describedby) and the network keeps its last good value; `apply` only ever sees finite numbers.
 */
function numberField(label: string, testId: string, value: number, apply: (v: number) => void): HTMLInputElement {
  const input = h('input', {
    type: 'text',
    inputmode: 'decimal',
    spellcheck: 'false',
    autocomplete: 'off',
    class: 'num',
    value: show(value),
    'aria-label': label,
    title: label,
    'data-testid': testId,
  });
  input.addEventListener('change', () => {
    const problem = numberProblem(input.value);
    if (problem) {
      setFieldNote(input, `${label}: ${problem}; still using ${show(value)}`);
      return;
    }
    const v = Number(input.value.trim());
    const note = float32Note(v);
    setFieldNote(input, note, 'warning');
    value = v;
    apply(v);
  });
  queueMicrotask(() => {
    if (input.isConnected) setFieldNote(input, float32Note(value), 'warning');
  });
  return input;
}

/** The example index field: a whole number in 0..size−1, else refused beside the field. */
function exampleField(app: App, size: number): HTMLInputElement {
  const shown = app.example;
  const input = h('input', { type: 'text', inputmode: 'numeric', spellcheck: 'false', autocomplete: 'off', value: String(shown), class: 'num short', 'data-testid': 'example', 'aria-label': `example shown (0 to ${size - 1})` });
  input.addEventListener('change', () => {
    const text = input.value.trim();
    const v = text === '' ? NaN : Number(text);
    if (!Number.isInteger(v) || v < 0 || v >= size) {
      setFieldNote(input, `example: "${text}" is not a whole number from 0 to ${size - 1}; still showing example ${shown}`);
      return;
    }
    setFieldNote(input, null);
    app.setExample(v);
  });
  return input;
}

export class EditorsPanel {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;

  constructor(private readonly app: App) {
    this.body = h('div', { class: 'editor-body' });
    this.element = h(
      'section',
      { class: 'panel editors', 'aria-labelledby': 'editors-heading' },
      h('h2', { id: 'editors-heading' }, 'Edit the numbers'),
      h('p', { class: 'hint' }, "Change any weight, bias, input, the target or a hidden layer's activation; Enter or leaving the field applies it and every number on the page follows."),
      this.body,
    );
  }

  /** Rebuild every field from the current network (after a load, a reset, or a new example). */
  rebuild(): void {
    const { network, batch } = this.app.snapshot;
    const k = this.app.example;
    const blocks: HTMLElement[] = [];

    // The example: input x and target t.
    const inputs = Array.from({ length: Math.min(batch.inDim, MAX_INPUT_FIELDS) }, (_, j) =>
      h('label', { class: 'cell' }, h('span', { class: 'cell-name' }, `x[${j}]`), numberField(`x[${j}]`, `input-${j}`, batch.inputs[k * batch.inDim + j], (v) => this.app.editInput(j, v))),
    );
    const target = h(
      'select',
      { 'data-testid': 'target', 'aria-label': 'target class', title: 'target class (one-hot)' },
      ...Array.from({ length: batch.classes }, (_, c) => h('option', { value: String(c), selected: c === batch.labels[k] }, `class ${c}`)),
    );
    target.addEventListener('change', () => this.app.editTarget(Number(target.value)));
    const exampleRow: HTMLElement[] = [];
    if (batch.size > 1) {
      const example = exampleField(this.app, batch.size);
      exampleRow.push(h('label', { class: 'cell' }, h('span', { class: 'cell-name' }, `example (0..${batch.size - 1})`), example));
    }
    blocks.push(
      h('fieldset', { class: 'block' }, h('legend', null, batch.size > 1 ? `example ${k} of ${batch.size}` : 'example'), ...exampleRow, h('div', { class: 'row' }, ...inputs),
        batch.inDim > MAX_INPUT_FIELDS ? h('p', { class: 'hint' }, `Showing x[0..${MAX_INPUT_FIELDS - 1}] of ${batch.inDim} inputs; edit the file for the rest.`) : null, h('label', { class: 'cell' }, h('span', { class: 'cell-name' }, 't'), target)),
    );

    if (parameterCount(network) > MAX_EDITABLE) {
      blocks.push(
        h('p', { class: 'hint' }, `${parameterCount(network)} parameters are too many to lay out here: edit the network file (Download JSON) and load it again.`),
      );
    } else {
      blocks.push(...this.layerBlocks(network));
    }
    // The activations stay choosable for a network too big for a field per number.
    if (parameterCount(network) > MAX_EDITABLE && network.layers.length > 1) {
      blocks.push(h('fieldset', { class: 'block' }, h('legend', null, 'hidden activations'), ...network.layers.slice(0, -1).map((_, l) => this.activationChooser(network, l))));
    }
    this.body.replaceChildren(...blocks);
  }

  private layerBlocks(network: Network): HTMLElement[] {
    const refs = parameterRefs(network);
    const field = (ref: ParamRef) => {
      const layer = network.layers[ref.layer];
      const value = (ref.kind === 'W' ? layer.W : layer.b)[ref.index];
      return numberField(ref.name, testIdOf(ref.name), value, (v) => this.app.editParameter(ref, v));
    };
    return network.layers.map((layer, l) => {
      const n = l + 1;
      const mine = refs.filter((r) => r.layer === l);
      const table = h('table', { class: 'matrix' });
      table.append(
        h('thead', null, h('tr', null, h('td', null, ''), ...Array.from({ length: layer.inDim }, (_, j) => h('th', { scope: 'col' }, `[${j}]`)), h('th', { scope: 'col', class: 'bias-col' }, `b${n}`))),
      );
      const tbody = h('tbody');
      for (let i = 0; i < layer.outDim; i++) {
        const row = mine.filter((r) => r.kind === 'W' && Math.floor(r.index / layer.inDim) === i);
        const bias = mine.find((r) => r.kind === 'b' && r.index === i)!;
        tbody.append(h('tr', null, h('th', { scope: 'row' }, `W${n}[${i}]`), ...row.map((r, j) => h('td', { 'data-label': `[${j}]` }, field(r))), h('td', { class: 'bias-col', 'data-label': `b${n}` }, field(bias))));
      }
      table.append(tbody);
      const hidden = l < network.layers.length - 1;
      return h(
        'fieldset',
        { class: 'block' },
        h('legend', null, `layer ${n}: W${n} (${layer.outDim}×${layer.inDim}) and b${n}`),
        hidden ? this.activationChooser(network, l) : h('p', { class: 'hint' }, 'then softmax + cross-entropy'),
        h('div', { class: 'scroll' }, table),
      );
    });
  }

  /** A select of hidden layer l's activation, its options and their formulas from the op table. */
  private activationChooser(network: Network, l: number): HTMLElement {
    const current = activationOf(network.layers[l]);
    const select = h(
      'select',
      { 'data-testid': `activation-${l + 1}`, 'aria-label': `layer ${l + 1} activation` },
      ...ACTIVATION_NAMES.map((name) =>
        h('option', { value: name, selected: name === current, title: `${name}(z) = ${ACTIVATIONS[name].formula}; ${name}'(z) = ${ACTIVATIONS[name].derivativeFormula}` }, name),
      ),
    );
    select.addEventListener('change', () => this.app.editActivation(l, select.value as ActivationName));
    const rule = ACTIVATIONS[current];
    return h(
      'label',
      { class: 'cell' },
      h('span', { class: 'cell-name' }, `a${l + 1} =`),
      select,
      h('span', { class: 'hint' }, `(z${l + 1}) = ${rule.formula}; local derivative ${rule.derivativeFormula}`),
    );
  }
}
