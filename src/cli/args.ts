/** The CLI's flags, parsed with Node's own parser and checked into one typed value. */
import { parseArgs } from 'node:util';
import { InputError } from '../errors.js';
import { BUGS, isBugName } from '../break/bugs.js';
import { DEFAULT_H } from '../reference/finite-diff.js';

const BUG_NAMES = BUGS.map((b) => b.name).join(', ');

export type BackendChoice = 'cpu' | 'webgpu' | 'all';

export interface CliOptions {
  readonly network: string | null;
  readonly example: number;
  readonly h: number;
  /** null: 'all' when a WebGPU adapter exists, else the float64 trace plus a note. */
  readonly backend: BackendChoice | null;
  readonly json: boolean;
  readonly full: boolean;
  readonly help: boolean;
  readonly version: boolean;
  /** Issue 11's views (src/cli/views.ts): cmp per tensor, the h sweep, a named backprop bug. */
  readonly views: ViewOptions;
}

export interface ViewOptions {
  readonly cmp: boolean;
  /** Parameter name for the h sweep ("W1[0][1]"), or null. */
  readonly hSweep: string | null;
  /** SVG file to draw the h sweep into, or null. */
  readonly plot: string | null;
  /** A classic backprop bug to run the backward pass with, or null. */
  readonly breakName: string | null;
}

export const USAGE = `usage: gradient-trace [--network FILE] [--example K] [--h H] [--backend cpu|webgpu|all] [--json] [--full]
                      [--cmp] [--h-sweep PARAM [--plot FILE.svg]] [--break NAME] [--help] [--version]

Runs a network forward and backward on the CPU in float64 and on WebGPU in float32, prints every
multiply of the chain rule, and checks every gradient against central finite differences.

  --network FILE   a network file (JSON: W1, b1, … WL, bL and input + target, or inputs + targets);
                   default: the lesson's 2 -> 3 -> 2 network with input [0.5, 0.8], target class 0
  --example K      which example of a batch the trace shows (default 0)
  --h H            finite-difference step (default ${DEFAULT_H})
  --backend B      cpu: the float64 trace and the lesson's table
                   webgpu: the trace from the GPU's float32 numbers, then the three-way table
                   all: the float64 trace, then the table with a WebGPU column
                   (default: all when a WebGPU adapter exists, else cpu with a note)
  --json           print one JSON object (dims, batch, loss, grads, adapter) and nothing else
  --full           print the whole trace and table even for a large network
  --cmp            per tensor (z, a, p, da, dz, dW, db, L): WebGPU vs float64 — exact, approx,
                   max |diff|, max float32 ULP distance (exit 1 when one is not approx)
  --h-sweep PARAM  |fd - analytical| for PARAM (e.g. W1[0][1]) at h = 1e-1 … 1e-12, float64 and
                   float32 (on WebGPU when there is an adapter), with the best h; --plot FILE.svg draws it
  --break NAME     run the backward pass (float64 and WebGPU) with a classic bug and see which rows
                   finite differences catch (exit 1 when caught); NAME is one of:
                   ${BUG_NAMES}
  --help           show this help
  --version        print the version

exit status: 0 all gradients match, 1 a mismatch or a GPU failure, 2 bad input or flags`;

const FLAGS = {
  network: { type: 'string' },
  example: { type: 'string' },
  h: { type: 'string' },
  backend: { type: 'string' },
  json: { type: 'boolean' },
  full: { type: 'boolean' },
  help: { type: 'boolean' },
  version: { type: 'boolean' },
  cmp: { type: 'boolean' },
  'h-sweep': { type: 'string' },
  plot: { type: 'string' },
  break: { type: 'string' },
} as const;

/** Node's parse errors, rephrased as one line that names the flag. */
function rephrase(err: Error & { code?: string }): string {
  const flag = /'(-[^' ]+)/.exec(err.message)?.[1] ?? '';
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown flag ${flag} (see --help)`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(err.message) ? `${flag} needs a value` : `${flag} does not take a value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${/'([^']*)'/.exec(err.message)?.[1] ?? ''} (flags start with --; see --help)`;
    default:
      return err.message.split('\n')[0];
  }
}

function numberFlag(name: string, text: string): number {
  const value = text.trim() === '' ? NaN : Number(text);
  if (Number.isNaN(value)) throw new InputError(`--${name} must be a number (got "${text}")`);
  return value;
}

function viewOptions(values: Record<string, string | boolean | undefined>): ViewOptions {
  const breakName = (values.break as string | undefined) ?? null;
  if (breakName !== null && !isBugName(breakName)) throw new InputError(`--break must be one of ${BUGS.map((b) => b.name).join(', ')} (got "${breakName}")`);
  const plot = (values.plot as string | undefined) ?? null;
  const hSweep = (values['h-sweep'] as string | undefined) ?? null;
  if (plot !== null && hSweep === null) throw new InputError('--plot draws the h sweep: give --h-sweep PARAM too');
  return { cmp: values.cmp === true, hSweep, plot, breakName };
}

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new InputError(rephrase(err as Error));
  }
  const example = values.example === undefined ? 0 : numberFlag('example', values.example as string);
  if (!Number.isInteger(example) || example < 0) throw new InputError(`--example must be a whole number >= 0 (got ${values.example})`);
  const h = values.h === undefined ? DEFAULT_H : numberFlag('h', values.h as string);
  if (!Number.isFinite(h) || h <= 0) throw new InputError(`--h must be a finite number > 0 (got ${values.h})`);
  const backend = (values.backend as string | undefined) ?? null;
  if (backend !== null && backend !== 'cpu' && backend !== 'webgpu' && backend !== 'all') {
    throw new InputError(`--backend must be cpu, webgpu or all (got "${backend}")`);
  }
  return {
    network: (values.network as string | undefined) ?? null,
    example,
    h,
    backend,
    json: values.json === true,
    full: values.full === true,
    help: values.help === true,
    version: values.version === true,
    views: viewOptions(values),
  };
}
