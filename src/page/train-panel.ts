/**
 * The Train panel: pick a data set, hidden layers, activation and learning rate; Play, Pause or
 * Step through full-batch gradient descent — on WebGPU with the weights kept on the GPU when the
 * page has a device (src/train/gpu-trainer.ts), else the float64 trainer in a Web Worker
 * (worker-frames.ts). The loss curve (uPlot)
 * grows at display rate and, for 2-D data, the decision boundary is redrawn under the points.
 * Pause (or Step) loads that step's weights and the training data into the page, so the diagram,
 * the step-through and the gradient table show the backward pass of *that* step.
 *
 * Work per frame is bounded (up to STEPS_PER_FRAME steps within FRAME_BUDGET_MS, one readback of the
 * losses and, every few frames, the decision boundary; train-frames.ts); on WebGPU the GPU does the
 * steps and in float64 the worker does (the boundary too), so the main thread stays free between frames.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Batch } from '../network/network.js';
import { ACTIVATION_NAMES, type ActivationName } from '../ops/activations.js';
import { float32SgdProblem } from '../train/sgd.js';
import { CpuTrainer } from '../train/cpu-trainer.js';
import { DATASET_NAMES, makeDataset, type DatasetName } from '../train/datasets.js';
import { GpuTrainer } from '../train/gpu-trainer.js';
import { initNetwork } from '../train/init.js';
import { drawBoundary, paintBoundary } from './boundary.js';
import { h } from './dom.js';
import type { GpuSession } from './gpu-session.js';
import type { App } from './state.js';
import { LocalFrames, type FrameTrainer } from './train-frames.js';
import { WorkerFrames } from './worker-frames.js';

/** Steps per frame at most, and the time a frame's steps may take (the float64 worker's frame comes
 *  back within about this: the curve keeps up; GPU steps only cost their submission). */
const STEPS_PER_FRAME = 40;
const FRAME_BUDGET_MS = 12;
/** Record the loss every this many steps (the curve's resolution). */
const LOSS_EVERY = 5;
const BOUNDARY_EVERY_FRAMES = 3;
const SEED = 1;

interface Config {
  readonly data: DatasetName;
  readonly hidden: number[];
  readonly activation: ActivationName;
  readonly lr: number;
}

function select<T extends string>(label: string, testId: string, options: readonly T[], value: T): HTMLSelectElement {
  const el = h('select', { 'aria-label': label, 'data-testid': testId }, ...options.map((o) => h('option', { value: o }, o)));
  el.value = value;
  return el;
}

export class TrainPanel {
  readonly element: HTMLElement;
  private readonly dataSelect = select('Data set', 'train-data', DATASET_NAMES, 'xor');
  private readonly hiddenInput = h('input', { type: 'text', value: '4', size: 6, 'aria-label': 'Hidden layer widths', 'data-testid': 'train-hidden' });
  private readonly activationSelect = select('Activation', 'train-activation', ACTIVATION_NAMES, 'tanh');
  private readonly lrInput = h('input', { type: 'number', value: '0.5', step: '0.05', min: '0', 'aria-label': 'Learning rate', 'data-testid': 'train-lr' });
  private readonly playButton = h('button', { type: 'button', 'data-testid': 'train-play' }, 'Play');
  private readonly stepButton = h('button', { type: 'button', 'data-testid': 'train-step' }, 'Step');
  private readonly resetButton = h('button', { type: 'button', 'data-testid': 'train-reset' }, 'Reset');
  private readonly info = h('p', { class: 'hint', 'data-testid': 'train-info', role: 'status' });
  private readonly chartBox = h('div', { class: 'train-chart', 'data-testid': 'train-chart' });
  private readonly canvas = h('canvas', { width: 300, height: 300, class: 'train-boundary', 'data-testid': 'train-boundary', 'aria-label': 'Decision boundary' });
  private chart: uPlot | null = null;
  private trainer: FrameTrainer | null = null;
  private data: Batch | null = null;
  private config: Config | null = null;
  private steps = 0;
  private lossSteps: number[] = [];
  private losses: number[] = [];
  private playing = false;
  private busy: Promise<void> = Promise.resolve();
  private frames = 0;

  constructor(
    private readonly app: App,
    private readonly gpu: GpuSession,
  ) {
    this.playButton.addEventListener('click', () => (this.playing ? this.pause() : this.play()));
    this.stepButton.addEventListener('click', () => void this.stepOnce());
    this.resetButton.addEventListener('click', () => void this.reset());
    for (const control of [this.dataSelect, this.hiddenInput, this.activationSelect, this.lrInput]) control.addEventListener('change', () => void this.reset());
    this.element = h(
      'section',
      { class: 'panel train', 'aria-labelledby': 'train-heading', 'data-testid': 'train-panel' },
      h('h2', { id: 'train-heading' }, 'Train it'),
      h(
        'div',
        { class: 'train-controls' },
        h('label', null, 'data ', this.dataSelect),
        h('label', null, 'hidden ', this.hiddenInput),
        h('label', null, 'activation ', this.activationSelect),
        h('label', null, 'learning rate ', this.lrInput),
        this.playButton,
        this.stepButton,
        this.resetButton,
      ),
      this.info,
      h('div', { class: 'train-views' }, this.chartBox, this.canvas),
      h('p', { class: 'hint' }, 'Full-batch gradient descent on the whole data set. Pause or Step to load that step\'s weights into the diagram, the step-through and the table above.'),
    );
    this.info.textContent = 'Press Play to train.';
  }

  private readConfig(): Config | string {
    const hidden = this.hiddenInput.value.trim() === '' ? [] : this.hiddenInput.value.split(',').map((w) => Number(w.trim()));
    if (hidden.some((w) => !Number.isInteger(w) || w < 1 || w > 64)) return `hidden layers: widths from 1 to 64 separated by commas (got "${this.hiddenInput.value}")`;
    const lr = Number(this.lrInput.value);
    if (!Number.isFinite(lr) || lr <= 0) return `learning rate must be a number > 0 (got "${this.lrInput.value}")`;
    // On WebGPU the update runs in float32: an lr it cannot hold is refused here, as the CLI refuses it.
    const float32 = this.gpu.readyHandle ? float32SgdProblem({ lr, momentum: 0 }) : null;
    if (float32) return `learning rate ${lr} ${float32.why}; the page trains on WebGPU in float32`;
    return { data: this.dataSelect.value as DatasetName, hidden, activation: this.activationSelect.value as ActivationName, lr };
  }

  /** Drops the trainer; the next Play or Step starts from fresh weights. */
  private async reset(): Promise<void> {
    this.pause();
    await this.busy;
    this.trainer?.dispose();
    this.trainer = null;
    this.steps = 0;
    this.lossSteps = [];
    this.losses = [];
    this.chart?.setData([[], []]);
    delete this.info.dataset.step;
    delete this.info.dataset.loss;
    delete this.canvas.dataset.step;
    this.info.textContent = 'Press Play to train.';
  }

  private async ensureTrainer(): Promise<FrameTrainer | null> {
    if (this.trainer) return this.trainer;
    const config = this.readConfig();
    if (typeof config === 'string') {
      this.info.textContent = config;
      return null;
    }
    const data = makeDataset(config.data, SEED).batch;
    const network = initNetwork([data.inDim, ...config.hidden, data.classes], config.activation, SEED);
    const handle = this.gpu.readyHandle;
    const sgd = { lr: config.lr, momentum: 0 };
    this.trainer = handle
      ? new LocalFrames(await GpuTrainer.create(handle, network, { ...sgd, batchSize: data.size }), data)
      : typeof Worker === 'undefined'
        ? new LocalFrames(new CpuTrainer(network, sgd), data)
        : await WorkerFrames.start(network, data, sgd);
    this.data = data;
    this.config = config;
    this.canvas.hidden = data.inDim !== 2;
    this.ensureChart();
    return this.trainer;
  }

  private ensureChart(): void {
    if (this.chart) return;
    const width = Math.max(240, Math.min(420, this.chartBox.clientWidth || 420));
    this.chart = new uPlot(
      {
        width,
        height: 240,
        scales: { x: { time: false }, y: { distr: 3 } },
        axes: [{ label: 'step' }, { label: 'loss' }],
        series: [{ label: 'step' }, { label: 'loss', stroke: '#d62728', width: 2, points: { show: false } }],
        legend: { show: false },
      },
      [[], []],
      this.chartBox,
    );
  }

  private play(): void {
    this.playing = true;
    this.playButton.textContent = 'Pause';
    const frame = () => {
      if (!this.playing) return;
      this.busy = this.busy.then(() => this.advance(STEPS_PER_FRAME, this.frames++ % BOUNDARY_EVERY_FRAMES === 0)).catch((err) => this.fail(err));
      void this.busy.then(() => requestAnimationFrame(frame));
    };
    requestAnimationFrame(frame);
  }

  private pause(): void {
    if (!this.playing) return;
    this.playing = false;
    this.playButton.textContent = 'Play';
    this.busy = this.busy.then(() => this.showStep()).catch((err) => this.fail(err));
  }

  private async stepOnce(): Promise<void> {
    this.pause();
    this.busy = this.busy.then(async () => {
      await this.advance(1, true);
      await this.showStep();
    }).catch((err) => this.fail(err));
    await this.busy;
  }

  private fail(err: unknown): void {
    this.playing = false;
    this.playButton.textContent = 'Play';
    this.info.textContent = `training stopped: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
  }

  /** `count` steps, the losses read back, the curve and (if asked) the boundary redrawn. */
  private async advance(count: number, boundary: boolean): Promise<void> {
    const trainer = await this.ensureTrainer();
    if (!trainer || !this.data) return;
    const frame = await trainer.frame({ first: this.steps, count, budgetMs: FRAME_BUDGET_MS, lossEvery: LOSS_EVERY, boundary });
    this.steps += frame.steps;
    this.lossSteps.push(...frame.lossSteps);
    this.losses.push(...frame.losses);
    this.chart?.setData([this.lossSteps, this.losses]);
    const last = this.losses.at(-1);
    this.info.dataset.step = String(this.steps);
    // The loss as a number (shortest round-trip decimal), for whoever reads the page without parsing its text.
    if (last !== undefined) this.info.dataset.loss = String(last);
    this.info.textContent = `${this.config!.data}, ${[this.data.inDim, ...this.config!.hidden, this.data.classes].join('-')} ${this.config!.activation}, on ${trainer.backend === 'webgpu' ? 'WebGPU (float32, weights on the GPU)' : 'the CPU (float64)'}: step ${this.steps}, loss ${last === undefined ? '-' : last.toPrecision(4)}`;
    if (frame.boundary) {
      paintBoundary(this.canvas, frame.boundary, this.data);
      this.canvas.dataset.step = String(this.steps);
    }
  }

  /** Loads this step's weights (and the data) into the page: the diagram, steps and table follow. */
  private async showStep(): Promise<void> {
    if (!this.trainer || !this.data) return;
    const network = await this.trainer.weights();
    // Step's frame has drawn this step's boundary already; after Pause it may be a few frames old.
    if (this.data.inDim === 2 && this.canvas.dataset.step !== String(this.steps)) {
      drawBoundary(this.canvas, network, this.data);
      this.canvas.dataset.step = String(this.steps);
    }
    this.app.load(network, this.data, `training step ${this.steps} on ${this.config!.data}`);
  }
}
