/** `npm run bench -- [flags]`: parsing and validation only. Bad input → InputError (one line, exit 2). */
import { parseArgs } from 'node:util';
import { InputError } from '../src/errors.js';
import { DEFAULT_NETWORKS, GENERIC_BATCHES, QUICK_NETWORKS, type NetworkPlan } from './plan.js';
import { IMPL_IDS } from './impls/index.js';

export interface BenchOptions {
  readonly networks: readonly NetworkPlan[];
  readonly impls: readonly string[];
  readonly runs: number;
  readonly warmup: number;
  readonly budgetS: number;
  readonly checkBudgetS: number;
  readonly quick: boolean;
  readonly outDir: string;
  readonly icd: string;
  readonly seed: number;
  readonly png: boolean;
  readonly help: boolean;
  /** Appended to the result file names (a targeted extra run beside the main one). */
  readonly tag: string | null;
}

export const USAGE = `usage: npm run bench -- [flags]
  --quick              smoke run: fewer sizes, short budget (< 1 minute)
  --dims A-B-C         a network's widths, input first (repeatable; default 2-3-2 and 784-128-10)
  --batches N,N,...    batch sizes for every network (2^k accepted; default per network)
  --runs N             timed runs per cell, at least 5 (default 5; more are added for very short runs)
  --budget S           seconds one implementation may spend on one (network, batch) cell (default 30; quick 3)
  --check-budget S     seconds the float64 reference may take for one batch (default 60; quick 5)
  --impls a,b,...      subset of: roofline,${IMPL_IDS.join(',')}
  --out DIR            where the JSON, SVG and README snippet go (default bench/results)
  --icd auto|system|swiftshader|PATH   Vulkan driver for Dawn (default auto: system, else SwiftShader)
  --seed N             data seed (default 1)
  --tag NAME           append -NAME to the result file names (e.g. a targeted extra run)
  --no-png             do not render the SVG to PNG
  --help`;

function positiveInt(flag: string, text: string): number {
  const t = text.trim();
  const m = /^2\^(\d+)$/.exec(t);
  const n = m ? 2 ** Number(m[1]) : /^\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new InputError(`--${flag}: '${text}' is not a positive integer`);
  return n;
}

function positiveNumber(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new InputError(`--${flag}: '${text}' is not a positive number`);
  return n;
}

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        quick: { type: 'boolean', default: false },
        dims: { type: 'string', multiple: true },
        batches: { type: 'string' },
        runs: { type: 'string' },
        budget: { type: 'string' },
        'check-budget': { type: 'string' },
        impls: { type: 'string' },
        out: { type: 'string' },
        icd: { type: 'string', default: 'auto' },
        seed: { type: 'string' },
        'no-png': { type: 'boolean', default: false },
        tag: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    throw new InputError((e instanceof Error ? e.message : String(e)).split('\n')[0]);
  }
  const v = parsed.values;
  const quick = v.quick ?? false;
  const batches = v.batches?.split(',').map((b) => positiveInt('batches', b));
  if (batches) batches.sort((a, b) => a - b);
  const base = quick ? QUICK_NETWORKS : DEFAULT_NETWORKS;
  let networks: NetworkPlan[];
  if (v.dims?.length) {
    networks = v.dims.map((d) => {
      const dims = d.split(/[-,x]/).map((w) => positiveInt('dims', w));
      if (dims.length < 2) throw new InputError(`--dims: '${d}' needs at least an input and an output width`);
      if (dims[dims.length - 1] < 2) throw new InputError(`--dims: '${d}' needs at least 2 classes`);
      const known = [...DEFAULT_NETWORKS, ...QUICK_NETWORKS].find((n) => n.dims.join('-') === dims.join('-'));
      return { dims, batches: batches ?? (quick ? QUICK_NETWORKS[0].batches : (known?.batches ?? GENERIC_BATCHES)) };
    });
  } else networks = base.map((n) => ({ dims: n.dims, batches: batches ?? n.batches }));

  const runs = v.runs === undefined ? 5 : positiveInt('runs', v.runs);
  if (runs < 5) throw new InputError(`--runs: at least 5 timed runs are required (got ${runs})`);
  const known = ['roofline', ...IMPL_IDS];
  const impls = v.impls ? v.impls.split(',').map((s) => s.trim()) : known;
  for (const i of impls) if (!known.includes(i)) throw new InputError(`--impls: unknown implementation '${i}' (known: ${known.join(', ')})`);
  const seed = v.seed === undefined ? 1 : positiveInt('seed', v.seed);
  return {
    networks,
    impls,
    runs,
    warmup: 2,
    budgetS: v.budget === undefined ? (quick ? 3 : 30) : positiveNumber('budget', v.budget),
    checkBudgetS: v['check-budget'] === undefined ? (quick ? 5 : 60) : positiveNumber('check-budget', v['check-budget']),
    quick,
    outDir: v.out ?? 'bench/results',
    icd: v.icd ?? 'auto',
    seed,
    png: !(v['no-png'] ?? false),
    help: v.help ?? false,
    tag: v.tag === undefined ? null : checkTag(v.tag),
  };
}

function checkTag(tag: string): string {
  if (!/^[a-z0-9][a-z0-9-]{0,40}$/i.test(tag)) throw new InputError(`--tag: '${tag}' must be letters, digits and dashes`);
  return tag;
}
