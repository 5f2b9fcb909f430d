/**
 * The page's state: the network and batch being looked at, and the three passes over them.
 * Every edit makes a new network (records already shown are never mutated), reruns float64 and
 * finite differences at once, then the WebGPU pass, and tells the views. Views render records;
 * nothing here or in them recomputes the math.
 */
import { lessonBatch, lessonNetwork } from '../network/lesson.js';
import { cloneNetwork, dimsOf, parameterCount, type Batch, type Network } from '../network/network.js';
import { parameterArray, type ParamRef } from '../network/parameters.js';
import type { ActivationName } from '../ops/activations.js';
import type { PassRecord } from '../record/pass-record.js';
import type { FdCheck } from '../reference/fd-check.js';
import type { CpuPasses } from './cpu-passes.js';
import { CpuRunner } from './cpu-runner.js';
import type { GpuResult, GpuSession } from './gpu-session.js';

export type View = 'forward' | 'backward';
export type Source = 'float64' | 'webgpu';


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
export type Change = 'load' | 'edit' | 'activation' | 'gpu' | 'view' | 'example' | 'message' | 'working';

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
  /** What the CPU is working on in the worker (shown with a progress bar), or null. */
  working: { readonly text: string } | null = null;
  private readonly cpuRunner = new CpuRunner();
  private generation = 0;
  private readonly listeners: ((change: Change) => void)[] = [];

  constructor(readonly gpu: GpuSession) {
    this.compute(lessonNetwork(), lessonBatch(), () => {});
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

  /**
   * Run float64 (+ finite differences) and WebGPU on a new network, then `commit` (say what changed)
   * once the CPU record is in. A small network commits at once; a big one runs in the worker while
   * `working` says so, and the page keeps showing the previous network until it lands.
   */
  private compute(network: Network, batch: Batch, commit: () => void): void {
    const generation = ++this.generation;
    let gpuEarly: GpuResult | null = null;
    const install = (passes: CpuPasses) => {
      if (generation !== this.generation) return;
      this.working = null;
      this.snapshot = { generation, network, batch, ...passes, gpu: gpuEarly };
      commit();
    };
    void this.gpu.run(network, batch).then((result) => {
      if (generation !== this.generation || ('stale' in result && result.stale)) return;
      if (this.snapshot.generation !== generation) {
        gpuEarly = result; // the CPU record is still being computed: keep it for install()
        return;
      }
      this.snapshot = { ...this.snapshot, gpu: result };
      this.emit('gpu');
    });
    if (!this.cpuRunner.offThread(network, batch)) {
      install(this.cpuRunner.runInline(network, batch));
      return;
    }
    const what = `${dimsOf(network).join(' → ')} network, ${parameterCount(network)} parameters, batch of ${batch.size}`;
    this.working = { text: `Computing the float64 pass for the ${what} (in a worker)…` };
    this.emit('working');
    this.cpuRunner.run(network, batch, (stage) => {
      if (generation !== this.generation) return;
      this.working = { text: `Computing ${stage} for the ${what} (in a worker)…` };
      this.emit('working');
    }).then(install, (err: Error) => {
      if (generation !== this.generation) return;
      this.working = null;
      this.setMessage({ text: `The float64 pass failed: ${err.message}`, kind: 'error' });
    });
  }

  /** A new network (reset or a loaded file): everything is rebuilt. */
  load(network: Network, batch: Batch, origin: string, loaded?: () => void): void {
    this.compute(network, batch, () => {
      this.origin = origin;
      this.example = 0;
      this.position = 0;
      this.message = null;
      loaded?.();
      this.emit('load');
    });
  }

  reset(): void {
    this.load(lessonNetwork(), lessonBatch(), "the lesson's network");
  }

  /** After an edit the network is no longer the file (or the lesson) it came from. */
  private markEdited(): void {
    if (!this.origin.startsWith('edited from ')) this.origin = `edited from ${this.origin}`;
  }

  editParameter(ref: ParamRef, value: number): void {
    const network = cloneNetwork(this.snapshot.network);
    parameterArray(network, ref)[ref.index] = value;
    this.compute(network, this.snapshot.batch, () => {
      this.markEdited();
      this.emit('edit');
    });
  }

  /** Hidden layer l (0-based) applies `activation` from now on. */
  editActivation(l: number, activation: ActivationName): void {
    const network = cloneNetwork(this.snapshot.network);
    const layers = network.layers.map((layer, n) => (n === l ? { ...layer, activation } : layer));
    this.compute({ layers }, this.snapshot.batch, () => {
      this.markEdited();
      this.emit('activation');
    });
  }

  /** Input k of the example on show. */
  editInput(k: number, value: number): void {
    const batch = cloneBatch(this.snapshot.batch);
    batch.inputs[this.example * batch.inDim + k] = value;
    this.compute(this.snapshot.network, batch, () => {
      this.markEdited();
      this.emit('edit');
    });
  }

  /** The target class of the example on show. */
  editTarget(label: number): void {
    const batch = cloneBatch(this.snapshot.batch);
    batch.labels[this.example] = label;
    this.compute(this.snapshot.network, batch, () => {
      this.markEdited();
      this.emit('edit');
    });
  }

  /** Show example k of the batch; anything but a whole number in range is ignored (the field says why). */
  setExample(example: number): void {
    if (!Number.isInteger(example) || example < 0 || example >= this.snapshot.batch.size) return;
    this.example = example;
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
