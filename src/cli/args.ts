/** The CLI's flags, parsed with Node's own parser and checked into one typed value. */
import { parseArgs } from 'node:util';
import { InputError } from '../errors.js';
import { DEFAULT_H } from '../reference/finite-diff.js';

export type BackendChoice = 'cpu' | 'webgpu' | 'all';

export interface CliOptions {
  readonly network: string | null;
  readonly example: number;
  readonly h: number;
  /** null: 'all' when a WebGPU adapter exists, else the float64 trace plus a note. */
  readonly backend: BackendChoice | null;
  readonly json: boolean;
  /** --json only: add every layer's z, a, da/dz, da, dz per backend. */
  readonly intermediates: boolean;
  readonly full: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

export const USAGE = `usage: gradient-trace [--network FILE] [--example K] [--h H] [--backend cpu|webgpu|all] [--json [--intermediates]] [--full] [--help] [--version]
       gradient-trace compare THEIRS [--network FILE] …   (check another tool's gradients; see compare --help)

Runs a network forward and backward on the CPU in float64 and on WebGPU in float32, prints every
multiply of the chain rule, and checks every gradient against central finite differences.

  --network FILE   a network file (JSON: W1, b1, … WL, bL and input + target, or inputs + targets; or a NumPy .npz);
                   default: the lesson's 2 -> 3 -> 2 network with input [0.5, 0.8], target class 0
  --example K      which example of a batch the trace shows (default 0)
  --h H            finite-difference step (default ${DEFAULT_H})
  --backend B      cpu: the float64 trace and the lesson's table
                   webgpu: the trace from the GPU's float32 numbers, then the three-way table
                   all: the float64 trace, then the table with a WebGPU column
                   (default: all when a WebGPU adapter exists, else cpu with a note)
  --json           print one JSON object (dims, batch, loss, grads, adapter) and nothing else
  --intermediates  with --json: add every layer's z, a, da/dz, da and dz (N x width) per backend
  --full           print the whole trace and table even for a large network
  --help           show this help
  --version        print the version

exit status: 0 all gradients match, 1 a mismatch or a GPU failure, 2 bad input or flags`;

const FLAGS = {
  network: { type: 'string' },
  example: { type: 'string' },
  h: { type: 'string' },
  backend: { type: 'string' },
  json: { type: 'boolean' },
  intermediates: { type: 'boolean' },
  full: { type: 'boolean' },
  help: { type: 'boolean' },
  version: { type: 'boolean' },
} as const;

/** Node's parse errors, rephrased as one line that names the flag. */
export function rephrase(err: Error & { code?: string }): string {
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
  if (values.intermediates === true && values.json !== true) throw new InputError('--intermediates needs --json');
  return {
    network: (values.network as string | undefined) ?? null,
    example,
    h,
    backend,
    json: values.json === true,
    intermediates: values.intermediates === true,
    full: values.full === true,
    help: values.help === true,
    version: values.version === true,
  };
}
