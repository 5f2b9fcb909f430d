/**
 * Edge labels that do not overlap: each label slides along its own edge to the first free spot
 * (away from other labels and the cards), so twelve weights between two layers sit on their own
 * lines instead of one stacked column. An edge with no free spot keeps no label (its value is in
 * the edge's tooltip and in the step text).
 */

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface EdgeLabel {
  /** Where along the edge (0 = start, 1 = end) this label would rather sit. */
  readonly prefer: number;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly width: number;
  readonly height: number;
}

/** Fractions along an edge a label may sit at; tried nearest the edge's preference first. */
const STOPS = [0.2, 0.24, 0.28, 0.33, 0.38, 0.44, 0.5, 0.56, 0.62, 0.67, 0.72, 0.76, 0.8];
const PAD = 2;

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width + PAD && b.x < a.x + a.width + PAD && a.y < b.y + b.height + PAD && b.y < a.y + a.height + PAD;
}

/**
 * For each edge, the label's box (centred on the edge) or null when none fits.
 * `obstacles` (the cards) are avoided too. Greedy, in the order given.
 */
export function placeLabels(edges: readonly EdgeLabel[], obstacles: readonly Box[]): (Box | null)[] {
  const placed: Box[] = [];
  return edges.map((e) => {
    for (const t of [...STOPS].sort((a, b) => Math.abs(a - e.prefer) - Math.abs(b - e.prefer))) {
      const cx = e.x1 + t * (e.x2 - e.x1);
      const cy = e.y1 + t * (e.y2 - e.y1);
      const box = { x: cx - e.width / 2, y: cy - e.height / 2, width: e.width, height: e.height };
      if (placed.some((p) => overlaps(p, box)) || obstacles.some((o) => overlaps(o, box))) continue;
      placed.push(box);
      return box;
    }
    return null;
  });
}
