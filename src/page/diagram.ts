/**
 * The network diagram: one card per unit with the values the record holds for the example on show,
 * one edge per weight. Forward view: weights on the edges, b/z/a/p in the cards. Backward view:
 * dL/dW on the edges; upstream gradient, local derivative and downstream gradient in the cards.
 * A step's touches highlight the layers and quantities it computes (strong) and reads (soft).
 */
import { activationRule, type Batch, type Network } from '../network/network.js';
import { isBlocked } from '../ops/activations.js';
import { fixed, general, signed } from '../print/format.js';
import type { LineSubject, Quantity, Touch } from '../print/trace.js';
import type { PassRecord } from '../record/pass-record.js';
import { s } from './dom.js';
import type { View } from './state.js';

export interface DiagramModel {
  readonly network: Network;
  readonly batch: Batch;
  readonly example: number;
  readonly record: PassRecord;
  readonly view: View;
  /** The current step's touches (first = what it computes), or null for no highlight. */
  readonly touches: readonly Touch[] | null;
}

/** Widest layer and deepest network the diagram draws; bigger ones get a summary instead. */
export const MAX_DRAWN_WIDTH = 8;
export const MAX_DRAWN_LAYERS = 5;

export function drawable(network: Network): boolean {
  const widths = [network.layers[0].inDim, ...network.layers.map((l) => l.outDim)];
  return network.layers.length <= MAX_DRAWN_LAYERS && Math.max(...widths) <= MAX_DRAWN_WIDTH;
}

const CARD_W = 172;
const HEAD_H = 21;
const LINE_H = 15.5;
const SPAN = 164; // horizontal gap between columns of cards
const MARGIN = 16;
const TOP = 34; // room for the column titles
const LABEL_CHAR = 6.9; // advance of one monospace character in an edge label (11.5px)

interface CardLine {
  readonly key: Quantity;
  readonly label: string;
  readonly value: string;
  /** A word of explanation shown as a tooltip. */
  readonly hint?: string;
}

interface Card {
  readonly column: number;
  readonly row: number;
  /** The layer whose quantities this card shows (−1: input x; `layers`: the loss). */
  readonly layer: number;
  readonly title: string;
  readonly badge?: { readonly text: string; readonly kind: 'dead' | 'alive' | 'target' };
  readonly lines: readonly CardLine[];
  readonly dead?: boolean;
  /** data-testid of the editor a click on the card focuses. */
  readonly edit: string;
}

function cardsFor(model: DiagramModel): Card[] {
  const { network, batch, record, view, example: k } = model;
  const L = network.layers.length;
  const layers = record.layers!;
  const at = (values: Float64Array, width: number, i: number) => values[k * width + i];
  const label = batch.labels[k];
  const backward = view === 'backward';
  const cards: Card[] = [];

  for (let j = 0; j < batch.inDim; j++) {
    const x = batch.inputs[k * batch.inDim + j];
    cards.push({ column: 0, row: j, layer: -1, title: `x[${j}]`, lines: [{ key: 'x', label: 'x', value: signed(x, 4), hint: 'input' }], edit: `input-${j}` });
  }
  network.layers.forEach((layer, l) => {
    const hidden = l < L - 1;
    const n = l + 1;
    const rec = layers[l];
    for (let i = 0; i < layer.outDim; i++) {
      const z = at(rec.z, layer.outDim, i);
      const a = at(rec.a, layer.outDim, i);
      const dz = at(rec.dz, layer.outDim, i);
      const db = record.grads.db[l][i];
      // Dead or saturated: read from the record's local derivative, never recomputed here.
      const blocked = hidden && isBlocked(at(rec.local!, layer.outDim, i));
      let lines: CardLine[];
      let badge: Card['badge'];
      if (hidden) {
        const rule = activationRule(layer);
        const local = at(rec.local!, layer.outDim, i);
        badge = blocked ? { text: rule.trace.blockedWord.toUpperCase(), kind: 'dead' } : { text: backward ? 'alive' : 'passes', kind: 'alive' };
        lines = backward
          ? [
              { key: 'a', label: 'a', value: fixed(a, 6), hint: `the forward value a${n}[${i}]: the local derivative of z${n + 1} with respect to W${n + 1}[·][${i}]` },
              { key: 'da', label: 'dL/da', value: signed(at(rec.da!, layer.outDim, i), 6), hint: 'upstream gradient' },
              { key: 'z', label: `× ${rule.name}'`, value: rule.trace.local(local), hint: `local derivative: ${rule.name}'(z${n}[${i}]) = ${rule.derivativeFormula}` },
              { key: 'dz', label: '= dL/dz', value: signed(dz, 6), hint: `downstream gradient = dL/da × ${rule.name}'` },
              { key: 'db', label: 'dL/db', value: signed(db, 6), hint: 'bias gradient' },
            ]
          : [
              { key: 'b', label: 'b', value: signed(layer.b[i], 4), hint: 'bias' },
              { key: 'z', label: 'z', value: signed(z, 6), hint: 'pre-activation' },
              { key: 'a', label: 'a', value: fixed(a, 6), hint: `activation ${rule.name}(z) = ${rule.formula}` },
            ];
      } else {
        if (i === label) badge = { text: 'target', kind: 'target' };
        const t = i === label ? 1 : 0;
        lines = backward
          ? [
              { key: 'p', label: batch.size > 1 ? '(p-t)/N' : 'p - t', value: `${fixed(a, 6)} - ${general(t)}`, hint: 'softmax + cross-entropy collapse: local gradient p − t' },
              { key: 'dz', label: '= dL/dz', value: signed(dz, 6), hint: 'downstream gradient' },
              { key: 'db', label: 'dL/db', value: signed(db, 6), hint: 'bias gradient' },
            ]
          : [
              { key: 'b', label: 'b', value: signed(layer.b[i], 4), hint: 'bias' },
              { key: 'z', label: 'z', value: signed(z, 6), hint: 'pre-activation (logit)' },
              { key: 'p', label: 'p', value: fixed(a, 6), hint: 'softmax probability' },
            ];
      }
      cards.push({
        column: l + 1,
        row: i,
        layer: l,
        title: hidden ? `a${n}[${i}]` : `p[${i}]`,
        badge,
        lines,
        dead: blocked,
        edit: `param-b${n}-${i}`,
      });
    }
  });
  const target = `[${Array.from({ length: batch.classes }, (_, i) => (i === label ? '1' : '0')).join(', ')}]`;
  const lossValue = batch.size > 1 ? fixed(record.lossPerExample![k], 6) : fixed(record.loss, 6);
  cards.push({
    column: L + 1,
    row: 0,
    layer: L,
    title: batch.size > 1 ? `loss (example ${k})` : 'loss',
    lines: backward
      ? [
          { key: 'loss', label: 'dL/dL', value: '1', hint: 'the backward pass starts here' },
          { key: 't', label: 't', value: target, hint: `one-hot target, class ${label}` },
        ]
      : [
          { key: 'loss', label: 'L', value: lossValue, hint: 'cross-entropy −Σ t·log p' },
          { key: 't', label: 't', value: target, hint: `one-hot target, class ${label}` },
        ],
    edit: 'target',
  });
  return cards;
}

/** Which card lines and edge layers the touches light up: "out" = computed, "in" = read. */
function touchIndex(touches: readonly Touch[] | null, L: number) {
  const lines = new Map<string, 'out' | 'in'>();
  const edges = new Map<number, 'out' | 'in'>();
  (touches ?? []).forEach((t, n) => {
    const kind = n === 0 ? 'out' : 'in';
    // The trace names the output activations p, and the loss/target belong to the loss card.
    const layer = t.quantity === 'loss' ? L : t.quantity === 't' ? L : t.quantity === 'a' && t.layer === L - 1 ? t.layer : t.layer;
    const quantity: Quantity = t.quantity === 'a' && t.layer === L - 1 ? 'p' : t.quantity;
    if (quantity === 'W' || quantity === 'dW') {
      if (!edges.has(layer)) edges.set(layer, kind);
    } else {
      const key = `${layer}:${quantity}`;
      if (!lines.has(key)) lines.set(key, kind);
    }
  });
  return { lines, edges };
}

export function renderDiagram(model: DiagramModel): SVGSVGElement {
  const { network, view, touches } = model;
  const L = network.layers.length;
  const dims = [network.layers[0].inDim, ...network.layers.map((l) => l.outDim)];
  const cards = cardsFor(model);
  const maxLines = Math.max(...cards.map((c) => c.lines.length));
  const cardH = HEAD_H + maxLines * LINE_H + 8;
  const S = cardH + 22; // vertical pitch of cards
  const rowsMax = Math.max(...dims);
  const columns = L + 2;
  const width = 2 * MARGIN + columns * CARD_W + (columns - 1) * SPAN;
  const height = TOP + rowsMax * S + 4;
  const colX = (c: number) => MARGIN + c * (CARD_W + SPAN);
  const countIn = (c: number) => (c === L + 1 ? 1 : dims[c]);
  const centerY = (c: number, r: number) => TOP + ((rowsMax - countIn(c)) * S) / 2 + r * S + 8 + cardH / 2;
  const heightOf = (card: Card) => HEAD_H + card.lines.length * LINE_H + 8;
  const highlight = touchIndex(touches, L);
  const focused = touches !== null && touches.length > 0;

  const svg = s('svg', {
    class: `diagram ${view}${focused ? ' focus' : ''}`,
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
    'aria-label': `The ${dims.join(' → ')} network, ${view} pass: ${view === 'forward' ? 'values beside every unit, weights on the edges' : 'gradients at every unit and on every edge'}`,
    'data-testid': 'diagram',
  });

  // Column titles.
  const titles = ['input x', ...network.layers.map((layer, l) => (l < L - 1 ? `hidden ${l + 1} (${activationRule(layer).name})` : 'output (softmax)')), 'cross-entropy'];
  titles.forEach((t, c) => svg.append(s('text', { class: 'col-title', x: colX(c) + CARD_W / 2, y: 16, 'text-anchor': 'middle' }, t)));

  // Edges, one layer at a time, under the cards.
  network.layers.forEach((layer, l) => {
    const values = view === 'forward' ? layer.W : model.record.grads.dW[l];
    let maxAbs = 0;
    for (const v of values) maxAbs = Math.max(maxAbs, Math.abs(v));
    const hl = highlight.edges.get(l);
    const g = s('g', { class: `edges${hl ? ` hit hit-${hl}` : ''}` });
    const labels = s('g', { class: `edge-labels${hl ? ` hit hit-${hl}` : ''}` });
    const nSrc = layer.inDim;
    // Labels sit a fraction t of the way along each edge, where the edges into one unit are spread
    // far enough apart ((1 − t)·pitch) and the groups for different units do not overlap.
    const t = Math.max(0.5, ((nSrc - 1) * S + 18) / (nSrc * S) + 0.03);
    const showLabels = t <= 0.8;
    const x1 = colX(l) + CARD_W;
    const x2 = colX(l + 1);
    for (let i = 0; i < layer.outDim; i++) {
      for (let j = 0; j < layer.inDim; j++) {
        const v = values[i * layer.inDim + j];
        const name = `W${l + 1}[${i}][${j}]`;
        const y1 = centerY(l, j);
        const y2 = centerY(l + 1, i);
        const sign = v > 0 ? 'pos' : v < 0 ? 'neg' : 'zero';
        // In the forward view an edge out of a unit whose activation is 0 (a dead ReLU) carries 0 × w: drawn faint.
        const idle = view === 'forward' && l > 0 && model.record.layers![l - 1].a[model.example * layer.inDim + j] === 0;
        const w = maxAbs > 0 ? 1 + (4 * Math.abs(v)) / maxAbs : 1;
        const text =
          view === 'forward'
            ? `${name} = ${signed(layer.W[i * layer.inDim + j], 4)}`
            : `dL/d${name} = ${signed(v, 6)}   (weight ${signed(layer.W[i * layer.inDim + j], 4)})`;
        g.append(
          s('line', { class: `edge ${sign}${idle ? ' idle' : ''}`, x1, y1, x2, y2, 'stroke-width': w.toFixed(2), 'data-edit': `param-W${l + 1}-${i}-${j}`, 'data-key': `e:${l}:${i}:${j}` }, s('title', null, text)),
        );
        if (showLabels) {
          const x = x1 + t * (x2 - x1);
          const y = y1 + t * (y2 - y1);
          const label = view === 'forward' ? signed(v, 4) : signed(v, 6);
          const w = label.length * LABEL_CHAR + 8;
          labels.append(
            s(
              'g',
              { class: `edge-label ${sign}${idle ? ' idle' : ''}`, 'data-edit': `param-W${l + 1}-${i}-${j}`, 'data-key': `e:${l}:${i}:${j}` },
              s('rect', { x: x - w / 2, y: y - 8, width: w, height: 16, rx: 4 }),
              s('text', { x, y: y + 4, 'text-anchor': 'middle' }, label),
              s('title', null, text),
            ),
          );
        }
      }
    }
    svg.append(g, labels);
  });
  // Output units feed the loss.
  const lossHl = highlight.lines.get(`${L}:loss`) ?? highlight.lines.get(`${L - 1}:p`);
  const toLoss = s('g', { class: `edges to-loss${lossHl ? ` hit hit-${lossHl}` : ''}` });
  for (let i = 0; i < dims[L]; i++) {
    toLoss.append(s('line', { class: 'edge plain', x1: colX(L) + CARD_W, y1: centerY(L, i), x2: colX(L + 1), y2: centerY(L + 1, 0) }));
  }
  svg.append(toLoss);

  // Cards.
  for (const card of cards) {
    const x = colX(card.column);
    const h = heightOf(card);
    const y = centerY(card.column, card.row) - h / 2;
    const lineHits = card.lines.map((line) => highlight.lines.get(`${card.layer}:${line.key}`));
    const hit = lineHits.find((v) => v === 'out') ?? lineHits.find((v) => v === 'in');
    const g = s('g', {
      class: `unit${card.dead ? ' dead' : ''}${hit ? ` hit hit-${hit}` : ''}`,
      'data-edit': card.edit,
      'data-unit': card.title,
      'data-key': `u:${card.layer}:${card.row}`,
    });
    g.append(
      s('rect', { class: 'card', x, y, width: CARD_W, height: h, rx: 8 }),
      s('text', { class: 'card-title', x: x + 9, y: y + 16 }, card.title),
    );
    if (card.badge) {
      g.append(s('text', { class: `badge ${card.badge.kind}`, x: x + CARD_W - 9, y: y + 16, 'text-anchor': 'end' }, card.badge.text));
    }
    card.lines.forEach((line, n) => {
      const ly = y + HEAD_H + 12 + n * LINE_H;
      const cls = lineHits[n] ? ` hl hl-${lineHits[n]}` : '';
      if (lineHits[n]) g.append(s('rect', { class: `line-hl hl-${lineHits[n]}`, x: x + 3, y: ly - 11.5, width: CARD_W - 6, height: LINE_H - 1, rx: 3 }));
      g.append(
        s('text', { class: `line-label${cls}`, x: x + 9, y: ly }, line.label, line.hint ? s('title', null, line.hint) : null),
        s('text', { class: `line-value${cls}`, x: x + CARD_W - 9, y: ly, 'text-anchor': 'end' }, line.value, line.hint ? s('title', null, line.hint) : null),
      );
    });
    svg.append(g);
  }
  return svg;
}

/** The diagram element (its data-key) a trace line is about, from the line's subject; the loss
 *  is the card after the output layer. null for lines about nothing drawn. */
export function keyOfSubject(subject: LineSubject, layers: number): string | null {
  if (subject === null) return null;
  if (subject.kind === 'edge') return `e:${subject.layer}:${subject.i}:${subject.j}`;
  if (subject.kind === 'unit') return `u:${subject.layer}:${subject.unit}`;
  return `u:${layers}:0`;
}

/** Mark (or, with null, unmark) the elements one trace line is about. */
export function pin(svg: SVGSVGElement | null, key: string | null): void {
  if (!svg) return;
  for (const el of svg.querySelectorAll('.pinned')) el.classList.remove('pinned');
  svg.classList.toggle('pin', key !== null);
  if (key) for (const el of svg.querySelectorAll(`[data-key="${key}"]`)) el.classList.add('pinned');
}
