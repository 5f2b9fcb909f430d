/**
 * The page: the lesson's network drawn with every forward value and every gradient, a step
 * navigator over the backward pass, editors for every number, the gradient check table (float64,
 * WebGPU, finite differences) and the CLI's trace. Each module renders one part; this wires them.
 */
import { dimsOf, hiddenActivations } from '../network/network.js';
import { BLOCKED_BELOW } from '../ops/activations.js';
import { traceSections, type TraceSection } from '../print/trace.js';
import { drawable, keyOfSubject, pin, renderDiagram } from './diagram.js';
import { h, typingIn } from './dom.js';
import { EditorsPanel } from './editors.js';
import { enableDrop, fileControls } from './file-io.js';
import { GpuSession } from './gpu-session.js';
import { App, type Change, type Source, type View } from './state.js';
import { statusText, summaryText } from './status.js';
import { sectionsOf, StepsPanel } from './steps.js';
import { TableView } from './table-view.js';
import { TracePanel } from './trace-panel.js';
import { benchSection } from './bench/bench-hook.js';
import { BreakPanel } from './break-panel.js';
import { CmpPanel } from './cmp-panel.js';
import { SweepPanel } from './sweep-panel.js';
import { TrainPanel } from './train-panel.js';
import './style.css';

/** Per-example multiply-adds past which the page does not print every line of the trace. */
const MAX_TRACED = 4000;

const gpu = new GpuSession();
const app = new App(gpu);

// Header: title, status line, summary, messages.
const status = h('p', { class: 'status', role: 'status', 'data-testid': 'status' });
const summary = h('p', { class: 'summary', 'data-testid': 'summary' });
const message = h('p', { class: 'message', role: 'alert', 'data-testid': 'message' });
// Shown while a big network's float64 pass runs in the worker.
const progressText = h('span');
const progress = h('div', { class: 'progress', role: 'status', 'data-testid': 'progress', hidden: true }, h('progress', { 'aria-label': 'Working' }), progressText);

function toggle<T extends string>(label: string, options: readonly (readonly [T, string])[], pick: (value: T) => void): { element: HTMLElement; buttons: Map<T, HTMLButtonElement> } {
  const buttons = new Map<T, HTMLButtonElement>();
  const element = h('div', { class: 'toggle', role: 'group', 'aria-label': label }, h('span', { class: 'toggle-label' }, label));
  for (const [value, text] of options) {
    const button = h('button', { type: 'button', 'aria-pressed': 'false', 'data-testid': `${label.split(' ')[0].toLowerCase()}-${value}`, onclick: () => pick(value) }, text);
    buttons.set(value, button);
    element.append(button);
  }
  return { element, buttons };
}

const viewToggle = toggle<View>('Pass', [['forward', 'Forward'], ['backward', 'Backward']], (v) => app.setView(v));
const sourceToggle = toggle<Source>('Numbers from', [['float64', 'float64'], ['webgpu', 'WebGPU (f32)']], (v) => app.setSource(v));

const diagramBox = h('div', { class: 'diagram-box', tabindex: 0, role: 'region', 'aria-label': 'Network diagram' });
/** A phone lays the layers out down the page, scaled to fit; "Actual size" lets it scroll in its box instead. */
const narrow = window.matchMedia('(max-width: 700px)');
narrow.addEventListener('change', () => render('view'));
const zoom = h('button', { type: 'button', class: 'zoom', 'aria-pressed': 'false', 'data-testid': 'diagram-zoom', onclick: () => {
  const on = !diagramBox.classList.contains('zoomed');
  diagramBox.classList.toggle('zoomed', on);
  zoom.setAttribute('aria-pressed', String(on));
} }, 'Actual size');
const diagramCaption = h('p', { class: 'hint legend' });
const steps = new StepsPanel((position) => app.setPosition(position));
steps.onPoint = (subject) => pin(diagramBox.querySelector('svg'), keyOfSubject(subject, app.snapshot.network.layers.length));
const editors = new EditorsPanel(app);
const table = new TableView();
const trace = new TracePanel();
// Past the lesson: cmp per tensor, "break it", the h sweep.
const cmp = new CmpPanel();
const breakIt = new BreakPanel(gpu);
const sweep = new SweepPanel(gpu);
const train = new TrainPanel(app, gpu);

// Click a unit or an edge in the diagram to edit its number.
diagramBox.addEventListener('click', (event) => {
  const target = (event.target as Element).closest('[data-edit]');
  const testId = target?.getAttribute('data-edit');
  const field = testId ? document.querySelector<HTMLElement>(`[data-testid="${testId}"]`) : null;
  if (field) {
    field.focus();
    if (field instanceof HTMLInputElement) field.select();
  }
});

const root = document.getElementById('app')!;
root.replaceChildren(
  h(
    'header',
    { class: 'top' },
    h('h1', null, 'gradient-trace'),
    h('p', { class: 'tagline' }, 'Backprop by hand, live: every forward value and every gradient of a small network, computed in float64 and on WebGPU, checked against finite differences. Edit any number and watch them all follow.'),
    status,
    summary,
    progress,
  ),
  // A file's message sits beside the file controls that caused it (the toolbar stays in view).
  h('nav', { class: 'toolbar', 'aria-label': 'View and file' }, viewToggle.element, sourceToggle.element, fileControls(app), message),
  h(
    'main',
    null,
    h('section', { class: 'panel figure', 'aria-labelledby': 'diagram-heading' }, h('div', { class: 'figure-head' }, h('h2', { id: 'diagram-heading' }, 'The network, step by step'), zoom), diagramBox, steps.element, diagramCaption),
    editors.element,
    table.element,
    cmp.element,
    breakIt.element,
    sweep.element,
    trace.element,
    train.element,
    benchSection(),
  ),
  h('footer', null, h('p', { class: 'hint' }, 'Drop a network file (JSON, the same format as the CLI\'s --network) anywhere on the page to load it.')),
);
enableDrop(app, document.body);

function currentSections(): TraceSection[] | null {
  const { network, batch } = app.snapshot;
  const perExample = network.layers.reduce((n, l) => n + l.inDim * l.outDim, 0);
  if (perExample > MAX_TRACED) return null;
  return traceSections(network, batch, app.shownRecord(), { example: app.example });
}

/** When the diagram scrolls sideways (a phone), bring what the current step computes into view. */
function revealHighlight(svg: SVGSVGElement): void {
  if (diagramBox.scrollWidth <= diagramBox.clientWidth) return;
  const hits = Array.from(svg.querySelectorAll<SVGGraphicsElement>('.hit-out'));
  if (hits.length === 0) return;
  const boxes = hits.map((el) => el.getBBox());
  const left = Math.min(...boxes.map((b) => b.x));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const scale = svg.clientWidth / svg.viewBox.baseVal.width;
  diagramBox.scrollTo({ left: ((left + right) / 2) * scale - diagramBox.clientWidth / 2, behavior: 'smooth' });
}

function render(change: Change | 'init'): void {
  const { snapshot } = app;
  status.textContent = statusText(gpu.status, snapshot);
  status.dataset.state = gpu.status.state;
  summary.textContent = summaryText(snapshot, app.origin);
  message.textContent = app.message?.text ?? '';
  message.dataset.kind = app.message?.kind ?? '';
  message.hidden = app.message === null;
  progress.hidden = app.working === null;
  progressText.textContent = app.working?.text ?? '';
  if (change === 'message' || change === 'working') return;

  for (const [value, button] of viewToggle.buttons) button.setAttribute('aria-pressed', String(app.view === value));
  const gpuRecord = snapshot.gpu?.record?.layers ? snapshot.gpu.record : null;
  const source: Source = app.source === 'webgpu' && gpuRecord ? 'webgpu' : 'float64';
  for (const [value, button] of sourceToggle.buttons) button.setAttribute('aria-pressed', String(source === value));
  sourceToggle.buttons.get('webgpu')!.disabled = gpuRecord === null;
  const sourceName = source === 'webgpu' ? 'WebGPU (float32)' : 'float64';

  const sections = currentSections();
  const viewSections = sections ? sectionsOf(sections, app.view) : [];
  const position = Math.min(app.position, viewSections.length);
  const current = position > 0 ? viewSections[position - 1] : null;

  if (drawable(snapshot.network)) {
    const layout = narrow.matches ? 'down' : 'across';
    const svg = renderDiagram({ network: snapshot.network, batch: snapshot.batch, example: app.example, record: app.shownRecord(), view: app.view, touches: current ? current.touches : null, layout });
    diagramBox.replaceChildren(svg);
    if (current && (change === 'view' || change === 'example')) revealHighlight(svg);
    const N = snapshot.batch.size;
    const batchNote =
      N > 1
        ? app.view === 'forward'
          ? ` The values in the units are example ${app.example}'s (of ${N}).`
          : ` In the units, dL/da and dL/dz are example ${app.example}'s, where the output's p − t is divided by N = ${N} for the batch-mean loss; Σ dL/db and dL/dW on the edges are sums over all ${N} examples.`
        : '';
    const unlabelled = Array.from(svg.querySelectorAll<SVGGElement>('.edge-labels')).some((g) => g.dataset.shown !== g.dataset.total);
    const edgeNote = unlabelled ? ' Edges without a label had no room for one: hover or tap an edge, or point at a line of the step text, to read it.' : '';
    diagramCaption.textContent =
      (app.view === 'forward'
        ? `Forward pass (${sourceName}): weights on the edges (blue +, red −, width ∝ |w|); bias b, pre-activation z and activation a (or probability p) in each unit. Click a unit or an edge to edit it.`
        : `Backward pass (${sourceName}): dL/dW on the edges (blue +, red −, width ∝ |dL/dW|); in each unit the upstream gradient, the local derivative and the downstream gradient. A dead ReLU or a saturated sigmoid or tanh (|local derivative| < ${BLOCKED_BELOW}) blocks its gradient.`) +
      batchNote +
      edgeNote;
  } else {
    diagramBox.replaceChildren(
      h(
        'div',
        { class: 'too-big', 'data-testid': 'too-big' },
        h('p', null, `This ${dimsOf(snapshot.network).join(' → ')} network is too big to draw (the diagram draws up to 5 layers of up to 8 units).`),
        h('p', null, `Layers: ${snapshot.network.layers.map((l, n) => `W${n + 1} ${l.outDim}×${l.inDim} + b${n + 1} ${l.outDim}`).join(', ')}; ${app.view === 'forward' ? `hidden activations ${hiddenActivations(snapshot.network).join(', ') || '(none)'}, softmax + cross-entropy at the end` : 'gradients for every parameter in the table below'}.`),
        h('p', null, summaryText(snapshot, app.origin)),
      ),
    );
    diagramCaption.textContent = 'The gradient check table below still covers every parameter.';
  }
  steps.element.hidden = sections === null;
  steps.update({ sections: sections ?? [], position, view: app.view, activations: hiddenActivations(snapshot.network) });
  trace.update(sections, sourceName, sections ? null : 'This network is too big to print every multiply here; run `npx gradient-trace --network FILE --full` for the whole trace.');
  table.update(snapshot);
  cmp.update(snapshot);
  breakIt.update(snapshot);
  sweep.update(snapshot);
  if (change === 'init' || change === 'load' || change === 'example' || change === 'activation') editors.rebuild();
}

app.subscribe(render);
gpu.onStatus = () => render('gpu');
render('init');
void gpu.start();

document.addEventListener('keydown', (event) => {
  if (typingIn(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
  const count = (currentSections() ? sectionsOf(currentSections()!, app.view) : []).length;
  const position = Math.min(app.position, count);
  switch (event.key) {
    case 'ArrowRight':
    case 'n':
      if (position < count) app.setPosition(position + 1);
      break;
    case 'ArrowLeft':
    case 'p':
      if (position > 0) app.setPosition(position - 1);
      break;
    case 'Escape':
      app.setPosition(0);
      break;
    case 'f':
      app.setView('forward');
      break;
    case 'b':
      app.setView('backward');
      break;
    default:
      return;
  }
  event.preventDefault();
});

window.addEventListener('pagehide', () => gpu.dispose());
