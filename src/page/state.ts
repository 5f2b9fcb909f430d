/**
 * The page's state: the network and batch being looked at, and the three passes over them.
 * Every edit makes a new network (records already shown are never mutated), reruns float64 and
 * finite differences at once, then the WebGPU pass, and tells the views. Views render records;
 * nothing here or in them recomputes the math.
 */
import { lessonBatch, lessonNetwork } from '../network/lesson.js';
import { cloneNetwork, parameterCount, type Batch, type Network } from '../network/network.js';
import { parameterArray, type ParamRef } from '../network/parameters.js';
import type { ActivationName } from '../ops/activations.js';
import type { PassRecord } from '../record/pass-record.js';
import { checkGradients, type FdCheck } from '../reference/fd-check.js';
import { DEFAULT_H } from '../reference/finite-diff.js';
import { float64Pass } from '../reference/float64-pass.js';
import type { GpuResult, GpuSession } from './gpu-session.js';

export type View = 'forward' | 'backward';
export type Source = 'float64' | 'webgpu';

/** Finite differences cost 2 forward passes per parameter; past this many multiply-adds, skip them. */
export const FD_BUDGET = 3e8;

export interface Snapshot {
  /** Bumped on every edit or load; a WebGPU result for an older generation is dropped. */
  readonly generation: number;
  readonly network: Network;
  readonly batch: Batch;
  readonly cpu: PassRecord;
  readonly fd: FdCheck | null;
  /** Why finite differences were not run (too many multiply-adds), or null. */
  readonly fdSkipped: string | null;
  /** null while the WebGPU pass for this generation is still running. */
  readonly gpu: GpuResult | null;
}

/** What changed, so views can keep what they need (editors keep focus across value edits). */
export type Change = 'load' | 'edit' | 'activation' | 'gpu' | 'view' | 'example' | 'message';

export function forwardCost(network: Network, batch: Batch): number {
  return batch.size * network.layers.reduce((n, l) => n + l.inDim * l.outDim, 0);
}

function cloneBatch(batch: Batch): Batch {
  return { ...batch, inputs: batch.inputs.slice(), labels: batch.labels.slice() };
}

export class App {
  snapshot!: Snapshot;
  /** Where the network came from, for the summary ("the lesson's network", a file name). */
  origin = "the lesson's network";
  example = 0;
  view: View = 'forward';
  source: Source = 'float64';
  /** The step navigator's position: 0 = the whole pass, k = the k-th section of the current view. */
  position = 0;
  /** A one-line message for the user (a file that failed validation), or null. */
  message: { readonly text: string; readonly kind: 'error' | 'info' } | null = null;
  private generation = 0;
  private readonly listeners: ((change: Change) => void)[] = [];

  constructor(readonly gpu: GpuSession) {
    this.compute(lessonNetwork(), lessonBatch());
  }

  subscribe(listener: (change: Change) => void): void {
    this.listeners.push(listener);
  }

  private emit(change: Change): void {
    for (const listener of this.listeners) listener(change);
  }

  /** The record the diagram, steps and trace show: WebGPU's when chosen and present. */
  shownRecord(): PassRecord {
    const gpu = this.snapshot.gpu?.record;
    return this.source === 'webgpu' && gpu?.layers ? gpu : this.snapshot.cpu;
  }

  private compute(network: Network, batch: Batch): void {
    const generation = ++this.generation;
    const cpu = float64Pass(network, batch);
    const cost = 2 * parameterCount(network) * forwardCost(network, batch);
    const fdSkipped =
      cost > FD_BUDGET
        ? `Finite differences skipped: ${parameterCount(network)} parameters × 2 passes would take ${cost.toExponential(1)} multiply-adds in the page`
        : null;
    const fd = fdSkipped ? null : checkGradients(network, batch, cpu, { h: DEFAULT_H, mode: 'all' });
    this.snapshot = { generation, network, batch, cpu, fd, fdSkipped, gpu: null };
    void this.gpu.run(network, batch).then((result) => {
      if (generation !== this.generation || ('stale' in result && result.stale)) return;
      this.snapshot = { ...this.snapshot, gpu: result };
      this.emit('gpu');
    });
  }

  /** A new network (reset or a loaded file): everything is rebuilt. */
  load(network: Network, batch: Batch, origin: string): void {
    this.compute(network, batch);
    this.origin = origin;
    this.example = 0;
    this.position = 0;
    this.message = null;
    this.emit('load');
  }

  reset(): void {
    this.load(lessonNetwork(), lessonBatch(), "the lesson's network");
  }

  editParameter(ref: ParamRef, value: number): void {
    const network = cloneNetwork(this.snapshot.network);
    parameterArray(network, ref)[ref.index] = value;
    this.compute(network, this.snapshot.batch);
    this.emit('edit');
  }

  /** Hidden layer l (0-based) applies `activation` from now on. */
  editActivation(l: number, activation: ActivationName): void {
    const network = cloneNetwork(this.snapshot.network);
    const layers = network.layers.map((layer, n) => (n === l ? { ...layer, activation } : layer));
    this.compute({ layers }, this.snapshot.batch);
    this.emit('activation');
  }

  /** Input k of the example on show. */
  editInput(k: number, value: number): void {
    const batch = cloneBatch(this.snapshot.batch);
    batch.inputs[this.example * batch.inDim + k] = value;
    this.compute(this.snapshot.network, batch);
    this.emit('edit');
  }

  /** The target class of the example on show. */
  editTarget(label: number): void {
    const batch = cloneBatch(this.snapshot.batch);
    batch.labels[this.example] = label;
    this.compute(this.snapshot.network, batch);
    this.emit('edit');
  }

  setExample(example: number): void {
    this.example = Math.max(0, Math.min(this.snapshot.batch.size - 1, example));
    this.emit('example');
  }

  setView(view: View): void {
    if (view === this.view) return;
    this.view = view;
    this.position = 0;
    this.emit('view');
  }

  setSource(source: Source): void {
    this.source = source;
    this.emit('view');
  }

  setPosition(position: number): void {
    this.position = position;
    this.emit('view');
  }

  setMessage(message: App['message']): void {
    this.message = message;
    this.emit('message');
  }
}
