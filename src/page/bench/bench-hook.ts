/**
 * The page's one hook for the benchmark: a collapsed "Benchmark this GPU" section. The panel and
 * everything it measures with (engine paths, roofline, plot) load only when the section is first
 * opened, so the lesson page stays lean.
 */
import { h } from '../dom.js';

export function benchSection(): HTMLElement {
  const body = h('div', { class: 'bench-body', 'data-testid': 'bench-body' }, h('p', { class: 'hint' }, 'Loading…'));
  const details = h(
    'details',
    { class: 'panel bench', 'data-testid': 'bench' },
    h('summary', null, h('h2', null, 'Benchmark this GPU')),
    body,
  );
  let loaded = false;
  details.addEventListener('toggle', () => {
    if (!details.open || loaded) return;
    loaded = true;
    import('./bench-panel.js').then(
      ({ mountBenchPanel }) => mountBenchPanel(body),
      (e) => body.replaceChildren(h('p', { class: 'message', role: 'alert' }, `The benchmark could not load: ${e instanceof Error ? e.message : String(e)}`)),
    );
  });
  return details;
}
