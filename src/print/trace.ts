/**
 * The trace: the lesson's forward and backward pass, one line per multiply-and-add, rendered from
 * a PassRecord (float64 or WebGPU). It never recomputes: every number printed is a weight, an
 * input, or a value the pass recorded. Sections carry what they touch, so the page can highlight.
 */
import { activationRule, type Batch, type Network } from '../network/network.js';
import { isBlocked } from '../ops/activations.js';
import type { PassRecord } from '../record/pass-record.js';
import { fixed, general, signed } from './format.js';
import { InputError } from '../errors.js';

export type Quantity = 'x' | 't' | 'W' | 'b' | 'z' | 'a' | 'p' | 'loss' | 'dz' | 'da' | 'dW' | 'db';

/** A quantity a section reads or writes; layer is 0-based (−1 for the input x and target t). */
export interface Touch {
  readonly layer: number;
  readonly quantity: Quantity;
}

/**
 * What one printed line is about, so the page can find it in the diagram without reading the text:
 * unit `unit` of layer `layer` (0-based; its z, a, p, da, dz, b, db), the edge W[layer][i][j]
 * (dW), or the loss. null: about nothing drawn (the input and target lines).
 */
export type LineSubject =
  | { readonly kind: 'unit'; readonly layer: number; readonly unit: number }
  | { readonly kind: 'edge'; readonly layer: number; readonly i: number; readonly j: number }
  | { readonly kind: 'loss' }
  | null;

export interface TraceSection {
  readonly id: string;
  readonly phase: 'forward' | 'backward';
  /** Backward step number (1 = dL/dz of the output layer), null in the forward pass. */
  readonly step: number | null;
  /** The section's title line, '' for the input/target lines. */
  readonly heading: string;
  readonly lines: readonly string[];
  /** What each line is about, one entry per line. */
  readonly subjects: readonly LineSubject[];
  /** What this section computes first, then what it reads. */
  readonly touches: readonly Touch[];
}

export interface TraceOptions {
  /** Which example of the batch the per-example lines show (default 0). */
  readonly example?: number;
}

/** One subject per unit of layer l. */
function units(layer: number, width: number): LineSubject[] {
  return Array.from({ length: width }, (_, unit) => ({ kind: 'unit', layer, unit }));
}

function vectorText(values: ArrayLike<number>, format: (x: number) => string): string {
  return `[${Array.from(values, format).join(', ')}]`;
}

/**
 * The lesson's trace of one example (options.example, default 0) as sections: the forward pass,
 * then backward steps 1–7 (generalised to any depth), each line one multiply-and-add with the
 * lesson's number formats. Parameter-gradient lines show the batch sum.
 * @throws Error if the record kept no intermediates.
 * @throws InputError if options.example is not a whole number in 0..N−1 (past the batch, every
 *   per-example value would be read out of range: a trace of NaN beside the real batch sums).
 */
export function traceSections(network: Network, batch: Batch, record: PassRecord, options: TraceOptions = {}): TraceSection[] {
  if (!record.layers || !record.lossPerExample) throw new Error('the trace needs a record that kept its intermediates');
  const k = options.example ?? 0;
  const N = batch.size;
  if (!Number.isInteger(k) || k < 0 || k >= N) {
    throw new InputError(`example ${k} is out of range: the batch has ${N} example${N === 1 ? '' : 's'} (0..${N - 1})`);
  }
  const L = network.layers.length;
  const layers = record.layers;
  const perExample = (values: Float64Array, width: number) => values.subarray(k * width, (k + 1) * width);
  const x = perExample(batch.inputs, batch.inDim);
  const label = batch.labels[k];
  const target = Array.from({ length: batch.classes }, (_, i) => (i === label ? 1 : 0));

  // What feeds layer l: the input x for the first layer, the previous activations after.
  const inputName = (l: number) => (l === 0 ? 'x' : `a${l}`);
  const inputValues = (l: number) => (l === 0 ? x : perExample(layers[l - 1].a, network.layers[l - 1].outDim));
  // The lesson prints inputs x as %+.4f and activations as %.6f in the backward pass.
  const inputFormat = (l: number) => (l === 0 ? (v: number) => signed(v, 4) : (v: number) => fixed(v, 6));

  const sections: TraceSection[] = [];
  const header = [`input    x = ${vectorText(x, (v) => fixed(v, 4))}`, `target   t = ${vectorText(target, general)}  (class ${label})`];
  if (N > 1) header.unshift(`batch    example ${k} of ${N} (examples 0..${N - 1}); gradients are for the batch-mean loss`);
  sections.push({ id: 'input', phase: 'forward', step: null, heading: '', lines: header, subjects: header.map(() => null), touches: [{ layer: -1, quantity: 'x' }, { layer: -1, quantity: 't' }] });

  // Forward pass.
  network.layers.forEach((layer, l) => {
    const name = l + 1;
    const hidden = l < L - 1;
    const z = perExample(layers[l].z, layer.outDim);
    const a = perExample(layers[l].a, layer.outDim);
    const input = inputValues(l);
    const zLines: string[] = [];
    for (let i = 0; i < layer.outDim; i++) {
      const terms = Array.from({ length: layer.inDim }, (_, j) => `(${signed(layer.W[i * layer.inDim + j], 4)} * ${signed(input[j], 4)})`);
      zLines.push(`  z${name}[${i}] = ${[signed(layer.b[i], 4), ...terms].join(' + ')} = ${signed(z[i], 6)}`);
    }
    sections.push({
      id: `forward-z${name}`,
      phase: 'forward',
      step: null,
      heading: `${hidden ? 'hidden' : 'output'} pre-activations  z${name} = W${name} @ ${inputName(l)} + b${name}`,
      lines: zLines,
      subjects: units(l, layer.outDim),
      touches: [{ layer: l, quantity: 'z' }, { layer: l, quantity: 'W' }, { layer: l, quantity: 'b' }, { layer: l - 1, quantity: l === 0 ? 'x' : 'a' }],
    });
    if (hidden) {
      const rule = activationRule(layer);
      const local = perExample(layers[l].local!, layer.outDim);
      sections.push({
        id: `forward-a${name}`,
        phase: 'forward',
        step: null,
        heading: `hidden activations  a${name} = ${rule.name}(z${name})`,
        lines: Array.from(
          z,
          (zi, i) => `  a${name}[${i}] = ${rule.name}(${signed(zi, 6)}) = ${fixed(a[i], 6)}   ${isBlocked(local[i]) ? rule.trace.blockedForward : rule.trace.passes}`,
        ),
        subjects: units(l, layer.outDim),
        touches: [{ layer: l, quantity: 'a' }, { layer: l, quantity: 'z' }],
      });
    } else {
      sections.push({
        id: 'forward-softmax',
        phase: 'forward',
        step: null,
        heading: `softmax  p = softmax(z${name})`,
        lines: Array.from(a, (p, i) => `  p[${i}] = ${fixed(p, 6)}`),
        subjects: units(l, layer.outDim),
        touches: [{ layer: l, quantity: 'p' }, { layer: l, quantity: 'z' }],
      });
      const lossLines =
        N === 1
          ? [`  L = ${fixed(record.lossPerExample![k], 6)}`]
          : [`  L(example ${k}) = ${fixed(record.lossPerExample![k], 6)}`, `  mean over ${N} examples: L = ${fixed(record.loss, 6)}`];
      sections.push({
        id: 'forward-loss',
        phase: 'forward',
        step: null,
        heading: 'cross-entropy loss  L = -sum(t * log(p))',
        lines: lossLines,
        subjects: lossLines.map(() => ({ kind: 'loss' }) as const),
        touches: [{ layer: l, quantity: 'loss' }, { layer: l, quantity: 'p' }, { layer: -1, quantity: 't' }],
      });
    }
  });

  // Backward pass: step 1 at the loss, then per layer db, dW, and (below the first layer) da, dz.
  let step = 1;
  const out = network.layers[L - 1];
  const p = perExample(layers[L - 1].a, out.outDim);
  const dzOut = perExample(layers[L - 1].dz, out.outDim);
  sections.push({
    id: `step-${step}`,
    phase: 'backward',
    step,
    heading:
      N === 1
        ? `step ${step}: dL/dz${L} from softmax + cross-entropy collapse to (p - t)`
        : `step ${step}: dL/dz${L} from softmax + cross-entropy collapse to (p - t) / N for the batch-mean loss`,
    lines: Array.from(dzOut, (g, i) =>
      N === 1
        ? `  dL/dz${L}[${i}] = p[${i}] - t[${i}] = ${fixed(p[i], 6)} - ${general(target[i])} = ${signed(g, 6)}`
        : `  dL/dz${L}[${i}] = (p[${i}] - t[${i}]) / N = (${fixed(p[i], 6)} - ${general(target[i])}) / ${N} = ${signed(g, 6)}`,
    ),
    subjects: units(L - 1, out.outDim),
    touches: [{ layer: L - 1, quantity: 'dz' }, { layer: L - 1, quantity: 'p' }, { layer: -1, quantity: 't' }],
  });
  step++;

  for (let l = L - 1; l >= 0; l--) {
    const layer = network.layers[l];
    const name = l + 1;
    // The lesson indexes the output layer [i][j] and hidden layers [j][k].
    const [r, c] = l === L - 1 ? ['i', 'j'] : ['j', 'k'];
    const dz = perExample(layers[l].dz, layer.outDim);
    const dW = record.grads.dW[l];
    const db = record.grads.db[l];
    const input = inputValues(l);
    const inName = inputName(l);
    const formatIn = inputFormat(l);
    const batchNote = (g: string) => (N === 1 ? '' : `   (example ${k}: ${g})`);

    sections.push({
      id: `step-${step}`,
      phase: 'backward',
      step,
      heading: `step ${step}: dL/db${name}[${r}] = ${N === 1 ? '' : 'sum over the batch of '}dL/dz${name}[${r}]   (the bias adds 1 per unit)`,
      lines: Array.from(db, (g, i) =>
        N === 1
          ? `  dL/db${name}[${i}] = dL/dz${name}[${i}] = ${signed(g, 6)}`
          : `  dL/db${name}[${i}] = sum of dL/dz${name}[${i}] = ${signed(g, 6)}${batchNote(signed(dz[i], 6))}`,
      ),
      subjects: units(l, layer.outDim),
      touches: [{ layer: l, quantity: 'db' }, { layer: l, quantity: 'dz' }],
    });
    step++;

    const wLines: string[] = [];
    const wSubjects: LineSubject[] = [];
    for (let i = 0; i < layer.outDim; i++) {
      for (let j = 0; j < layer.inDim; j++) {
        const g = dW[i * layer.inDim + j];
        wSubjects.push({ kind: 'edge', layer: l, i, j });
        wLines.push(
          N === 1
            ? `  dL/dW${name}[${i}][${j}] = dL/dz${name}[${i}] * ${inName}[${j}] = ${signed(dz[i], 6)} * ${formatIn(input[j])} = ${signed(g, 6)}`
            : `  dL/dW${name}[${i}][${j}] = sum of dL/dz${name}[${i}] * ${inName}[${j}] = ${signed(g, 6)}${batchNote(`${signed(dz[i], 6)} * ${formatIn(input[j])}`)}`,
        );
      }
    }
    sections.push({
      id: `step-${step}`,
      phase: 'backward',
      step,
      heading: `step ${step}: dL/dW${name}[${r}][${c}] = ${N === 1 ? '' : 'sum over the batch of '}dL/dz${name}[${r}] * ${inName}[${c}]`,
      lines: wLines,
      subjects: wSubjects,
      touches: [{ layer: l, quantity: 'dW' }, { layer: l, quantity: 'dz' }, { layer: l - 1, quantity: l === 0 ? 'x' : 'a' }],
    });
    step++;

    if (l === 0) break;
    const below = network.layers[l - 1];
    const da = perExample(layers[l - 1].da!, below.outDim);
    const dzBelow = perExample(layers[l - 1].dz, below.outDim);
    const localBelow = perExample(layers[l - 1].local!, below.outDim);
    const rule = activationRule(below);
    sections.push({
      id: `step-${step}`,
      phase: 'backward',
      step,
      heading: `step ${step}: dL/da${l}[${c}] = sum_${r}  dL/dz${name}[${r}] * W${name}[${r}][${c}]`,
      lines: Array.from(da, (g, j) => {
        const terms = Array.from({ length: layer.outDim }, (_, i) => `(${signed(dz[i], 6)} * ${signed(layer.W[i * layer.inDim + j], 4)})`);
        return `  dL/da${l}[${j}] = ${terms.join(' + ')} = ${signed(g, 6)}`;
      }),
      subjects: units(l - 1, below.outDim),
      touches: [{ layer: l - 1, quantity: 'da' }, { layer: l, quantity: 'dz' }, { layer: l, quantity: 'W' }],
    });
    step++;

    sections.push({
      id: `step-${step}`,
      phase: 'backward',
      step,
      heading: `step ${step}: dL/dz${l}[${c}] = dL/da${l}[${c}] * ${rule.name}'(z${l}[${c}])`,
      lines: Array.from(dzBelow, (g, j) => {
        const d = localBelow[j];
        return `  dL/dz${l}[${j}] = ${signed(da[j], 6)} * ${rule.trace.local(d)} = ${signed(g, 6)}   ${isBlocked(d) ? rule.trace.blockedBackward : rule.trace.alive}`;
      }),
      subjects: units(l - 1, below.outDim),
      touches: [{ layer: l - 1, quantity: 'dz' }, { layer: l - 1, quantity: 'da' }, { layer: l - 1, quantity: 'z' }],
    });
    step++;
  }
  return sections;
}

/** The CLI's text: sections separated by blank lines. */
export function renderTrace(sections: readonly TraceSection[]): string {
  return sections.map((s) => (s.heading ? [s.heading, ...s.lines] : s.lines).join('\n')).join('\n\n');
}
