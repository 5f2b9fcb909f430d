/**
 * The CLI's flags, checked into one typed value.
 *
 * Node's own parser (node:util parseArgs, strict) does the parsing; one normalising step before
 * it fixes the three places its rules read badly for this command:
 * - a value flag followed by a negative number (`--h -1`, `--example -1`) takes the number as its
 *   value (parseArgs calls any dash-led word "ambiguous"), so the real problem can be named
 *   ("--h must be > 0, got -1");
 * - a value flag followed by another flag (`--network --json`) is "--network needs a value";
 * - `-h` means --help; any other single-dash word (`-network`, `-x`) is refused as such, instead of
 *   being read as a bundle of one-letter flags.
 */
import { parseArgs } from 'node:util';
import { InputError } from '../errors.js';
import { BUGS, isBugName } from '../break/bugs.js';
import { DEFAULT_MAX_BYTES } from '../io/bounded-read.js';
import { DEFAULT_H } from '../reference/finite-diff.js';
import { ACTIVATION_NAMES } from '../ops/activations.js';
import { quote, quoteIfNeeded } from '../text/quote.js';
import { FULL_TRACE_LIMIT } from '../print/summary.js';

const BUG_NAMES = BUGS.map((b) => b.name).join(', ');

export type BackendChoice = 'cpu' | 'webgpu' | 'all';

/** How many parameters finite differences check: a seeded sample past a size, or every one. */
export type FdChoice = 'auto' | 'all';

export interface CliOptions {
  readonly network: string | null;
  /** --activation NAME[,NAME…] as typed (validated once the network's depth is known), or null. */
  readonly activation: string | null;
  readonly example: number;
  readonly h: number;
  /** null: 'all' when a WebGPU adapter exists, else the float64 trace plus a note. */
  readonly backend: BackendChoice | null;
  readonly json: boolean;
  readonly full: boolean;
  readonly help: boolean;
  readonly version: boolean;
  readonly verbose: boolean;
  /** Largest network file read, in bytes (--max-bytes). */
  readonly maxBytes: number;
  readonly fd: FdChoice;
  /** With --json: every layer's intermediates per backend. */
  readonly intermediates: boolean;
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

/** --activation's help line, shared by the main command and compare. */
export const ACTIVATION_HELP = `  --activation A   the hidden layers' activation, replacing the network's: one of ${ACTIVATION_NAMES.join(', ')} for
                   every hidden layer, or one per hidden layer, comma-separated (e.g. relu,tanh)`;

/**
 * The rule for the files a command writes where the user says (the h sweep's --plot, train's --out and
 * --plot; src/io/write-whole.ts), stated once in each --help.
 */
export function outputFilesHelp(flags: string): string {
  return `output files (${flags}): the path is checked before the run starts, and one that cannot be written
  (no such directory, a directory, a path through a file, /proc or /sys, no permission) is refused: one
  line, exit 2. The file is written after the run, whole: to a temporary file beside it, then renamed over
  it (a FIFO or device such as /dev/null is written straight into). If that write fails (disk full, I/O
  error) the report is still printed, then one line, exit 1, and no file is changed or left half-written`;
}

export const USAGE = `usage: gradient-trace [--network FILE] [--activation A[,A…]] [--example K] [--h H] [--backend cpu|webgpu|all] [--fd auto|all] [--json [--intermediates]] [--full] [--max-bytes N] [--verbose]
                      [--cmp [--json]] [--h-sweep PARAM [--plot FILE.svg]] [--break NAME] [--help] [--version]
       gradient-trace compare THEIRS [--network FILE] …   (check another tool's gradients; see compare --help)
       gradient-trace train [--data NAME | --network FILE] …   (gradient descent, checkable at any step; see train --help)

Runs a network forward and backward on the CPU in float64 and on WebGPU in float32, prints every
multiply of the chain rule, and checks every gradient against central finite differences.

  --network FILE   a network file, JSON or NumPy .npz: W1, b1, … WL, bL and input + target, or inputs +
                   targets; in JSON optionally "activation" (relu, sigmoid, tanh: one, or one per hidden
                   layer; default relu). Default: the lesson's 2 -> 3 -> 2 network with input [0.5, 0.8],
                   target class 0
${ACTIVATION_HELP}
  --example K      which example of a batch the trace shows (default 0)
  --h H            finite-difference step (default ${DEFAULT_H}), scaled per parameter: h * max(1, |theta|)
  --backend B      cpu: the float64 trace and the lesson's table
                   webgpu: the trace from the GPU's float32 numbers, then the three-way table
                   all: the float64 trace, then the table with a WebGPU column
                   (default: all when a WebGPU adapter exists, else cpu with a note)
  --fd F           auto: every parameter for small networks, else a seeded sample plus a
                   random-direction check of the whole gradient (default); all: every parameter
  --json           print one JSON object and nothing else: dims, activation, batch, status, loss, grads,
                   fd, adapter, adapterReason, warnings (schemas/report.schema.json)
  --intermediates  with --json: add every layer's z, a, da/dz, da and dz (N x width) per backend
  --full           print the whole trace and table even for a large network
  --cmp            per tensor (z, a, p, da, dz, dW, db, L): WebGPU vs float64 — exact, approx,
                   max |diff|, max float32 ULP distance over elements with |f64| >= 1e-5 and where
                   (exit 1 when one is not approx, unless float32 accounts for it as in the table:
                   f32-input, f32-range, f32-cond); with --json one object (schemas/cmp.schema.json)
  --h-sweep PARAM  |fd - analytical| for PARAM (e.g. W1[0][1]) at h = 1e-1 … 1e-12, float64 and
                   float32 (on WebGPU when there is an adapter), with the best h; --plot FILE.svg draws it
  --break NAME     run the backward pass (float64 and WebGPU) with a classic bug and see which rows
                   finite differences catch, and why on this network and batch (exit 1 when
                   caught, or when finite differences could judge none of the rows); NAME is one of:
                   ${BUG_NAMES}
                   The three views take --network, --activation, --max-bytes, --backend (--cmp:
                   webgpu or all) and --verbose; --cmp also --json, --h-sweep also --plot, --break
                   also --h and --full (every row past ${FULL_TRACE_LIMIT} parameters). Any other flag
                   (--example, --fd, …) has no effect there and is refused
  --max-bytes N    refuse network files larger than N bytes (default ${DEFAULT_MAX_BYTES})
  --verbose        also print what the GPU driver wrote while the adapter was chosen
  -h, --help       show this help
  --version        print the version

exit status: 0 no mismatch: every row that could be judged matches (rows that could not be judged,
  n/a, or were not sampled are not mismatches; the verdict line counts them), 1 a mismatch (a row,
  or the random direction), nothing could be judged at all, a GPU failure, or --plot could not be written
  after the sweep, 2 bad input or flags (--plot's path included)

${outputFilesHelp('--plot')}`;

const FLAGS: FlagTable = {
  network: { type: 'string' },
  activation: { type: 'string' },
  example: { type: 'string' },
  h: { type: 'string' },
  backend: { type: 'string' },
  fd: { type: 'string' },
  'max-bytes': { type: 'string' },
  json: { type: 'boolean' },
  intermediates: { type: 'boolean' },
  full: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean' },
  version: { type: 'boolean' },
  cmp: { type: 'boolean' },
  'h-sweep': { type: 'string' },
  plot: { type: 'string' },
  break: { type: 'string' },
};

/** A word that reads as a number, sign included: taken as a value, never as a flag. */
const NUMBER_LIKE = /^[+-]?(\d|\.\d|Infinity$|NaN$)/;

/** A parseArgs option table: every command's flags are long flags, strings or switches. */
export type FlagTable = Record<string, { readonly type: 'string' | 'boolean' }>;

/** The argv parseArgs is given: `--flag value` pairs joined as `--flag=value`, `-h` as `--help`. */
function normalise(argv: readonly string[], flags: FlagTable, positionals: boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--' && !positionals) throw new InputError('unexpected argument "--" (this command takes no file arguments; see --help)');
    if (arg === '-h') {
      out.push('--help');
      continue;
    }
    if (arg.startsWith('-') && !arg.startsWith('--') && !NUMBER_LIKE.test(arg)) {
      const long = arg.slice(1).split('=')[0];
      const hint = long in flags ? ` (did you mean --${long}?)` : ' (flags start with --; see --help)';
      throw new InputError(`unknown flag ${quoteIfNeeded(arg)}${hint}`);
    }
    const name = arg.startsWith('--') ? arg.slice(2) : null;
    const spec = name !== null && !name.includes('=') ? flags[name] : undefined;
    if (spec?.type === 'string') {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && !NUMBER_LIKE.test(next))) throw new InputError(`--${name} needs a value`);
      out.push(`--${name}=${next}`);
      i++;
      continue;
    }
    out.push(arg);
  }
  return out;
}

/** What parseArgs still refuses (unknown flags, values given to switches, stray words), in one line. */
function rephrase(err: Error & { code?: string }, argv: readonly string[]): string {
  const flag = /'(-[^' ]+)'/.exec(err.message)?.[1] ?? '';
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const given = argv.find((a) => a === flag || a.startsWith(`${flag}=`)) ?? flag;
      return `unknown flag ${quoteIfNeeded(given.split('=')[0])} (see --help)`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return `${quoteIfNeeded(flag)} does not take a value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const word = /'([^']*)'/.exec(err.message)?.[1] ?? '';
      return `unexpected argument ${quoteIfNeeded(argv.find((a) => a === word) ?? word)} (flags start with --; see --help)`;
    }
    default:
      return 'could not read the flags (see --help)';
  }
}

/** A flag's text as echoed: a plain numeric literal as it is, anything else quoted and escaped. */
export function shown(text: string): string {
  return /^[+-]?[0-9.]+(e[+-]?[0-9]+)?$/i.test(text) ? text : quote(text);
}

/**
 * A flag's number: a decimal literal (digits, an optional fraction, an optional exponent, an
 * optional sign) or ±Infinity, else NaN. JavaScript's Number() would also take hex, octal and
 * binary literals ("0x10") and surrounding white space (" 1e-5"), which no flag means.
 */
export function decimalValue(text: string): number {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(text) || /^[+-]?Infinity$/.test(text) ? Number(text) : NaN;
}

/** A value flag's number (see decimalValue). @throws InputError when it is not a number. */
export function numberFlag(name: string, text: string): number {
  const value = decimalValue(text);
  if (Number.isNaN(value)) throw new InputError(`--${name} must be a number, got ${quote(text)}`);
  return value;
}

/** --h: a finite step > 0 whose double still is finite, DEFAULT_H when absent; echoes the text as typed. @throws InputError */
export function hFlag(text: string | undefined): number {
  if (text === undefined) return DEFAULT_H;
  const h = numberFlag('h', text);
  if (!Number.isFinite(h)) throw new InputError(`--h must be finite, got ${shown(text)}`);
  if (h <= 0) throw new InputError(`--h must be > 0, got ${shown(text)}`);
  // The central difference spans 2h; said here so the message shows --h as it was typed.
  if (!Number.isFinite(2 * h)) throw new InputError(`--h ${shown(text)} is too large: 2h is not finite`);
  return h;
}

/**
 * Flags each view has no use for: it shows no trace (--example), prints no gradient table (--full),
 * or runs no finite-difference check of its own choosing (--fd; --cmp none at all, --h-sweep its own
 * h's, so --h too). Refused rather than ignored. (--verbose works everywhere: the driver's output.)
 */
const NO_EFFECT: Record<'--cmp' | '--h-sweep' | '--break', readonly string[]> = {
  '--cmp': ['example', 'h', 'fd', 'full', 'intermediates'],
  '--h-sweep': ['example', 'h', 'fd', 'full', 'intermediates'],
  '--break': ['example', 'fd', 'intermediates'],
};

function viewOptions(values: Record<string, string | boolean | undefined>): ViewOptions {
  const breakName = (values.break as string | undefined) ?? null;
  if (breakName !== null && !isBugName(breakName)) throw new InputError(`--break must be one of ${BUG_NAMES}, got ${quote(breakName)}`);
  const plot = plotFlag(values.plot as string | undefined);
  const hSweep = (values['h-sweep'] as string | undefined) ?? null;
  if (plot !== null && hSweep === null) throw new InputError('--plot draws the h sweep: give --h-sweep PARAM too');
  // --json promises one JSON object and nothing else; --h-sweep and --break print tables only, so say so rather than ignore it.
  const view = hSweep !== null ? '--h-sweep' : breakName !== null ? '--break' : null;
  if (view !== null && values.json === true) throw new InputError(`${view} prints a table and has no --json form; drop --json`);
  // One view at a time (two are refused in views.ts, saying so): its idle flags are refused, not ignored.
  const only = ([values.cmp === true ? '--cmp' : null, hSweep !== null ? '--h-sweep' : null, breakName !== null ? '--break' : null] as const).filter((v) => v !== null);
  const idle = only.length === 1 ? NO_EFFECT[only[0]].find((flag) => values[flag] !== undefined) : undefined;
  if (idle !== undefined) throw new InputError(`--${idle} has no effect with ${only[0]}; drop it`);
  return { cmp: values.cmp === true, hSweep, plot, breakName };
}

/**
 * Every command's flags, parsed by the same rules (negative numbers as values, `-h` as help,
 * single-dash words refused, one escaped line per problem).
 * @throws InputError naming the flag.
 */
export function parseFlags(argv: readonly string[], flags: FlagTable, opts: { positionals?: boolean } = {}): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const positionals = opts.positionals ?? false;
  try {
    return parseArgs({ args: normalise(argv, flags, positionals), options: flags, strict: true, allowPositionals: positionals });
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(rephrase(err as Error, argv));
  }
}

/**
 * --plot FILE: the plots are SVG, so a name with another extension (x.png, x.pdf) would get SVG
 * bytes under a misleading name; it is refused. A name without one (/dev/stdout, a FIFO) is fine.
 */
export function plotFlag(text: string | undefined): string | null {
  if (text === undefined) return null;
  const base = text.slice(text.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  if (dot > 0 && base.slice(dot).toLowerCase() !== '.svg') {
    throw new InputError(`--plot writes SVG, so ${quote(text)} would hold SVG under a ${quote(base.slice(dot))} name: give a .svg file`);
  }
  return text;
}

/** --max-bytes: a whole number of bytes from 1 to Number.MAX_SAFE_INTEGER, DEFAULT_MAX_BYTES when absent. @throws InputError */
export function maxBytesFlag(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_BYTES;
  const maxBytes = numberFlag('max-bytes', text);
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new InputError(`--max-bytes must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}, got ${shown(text)}`);
  return maxBytes;
}

/** --fd: auto (the default) or all. @throws InputError */
export function fdFlag(text: string | undefined): FdChoice {
  const fd = text ?? 'auto';
  if (fd !== 'auto' && fd !== 'all') throw new InputError(`--fd must be auto or all, got ${quote(fd)}`);
  return fd;
}

export function parseCliArgs(argv: readonly string[]): CliOptions {
  const { values } = parseFlags(argv, FLAGS);
  const text = (name: string) => values[name] as string | undefined;
  const example = text('example') === undefined ? 0 : numberFlag('example', text('example')!);
  if (!Number.isInteger(example) || example < 0) throw new InputError(`--example must be a whole number >= 0, got ${shown(text('example')!)}`);
  const h = hFlag(text('h'));
  const backend = text('backend') ?? null;
  if (backend !== null && backend !== 'cpu' && backend !== 'webgpu' && backend !== 'all') {
    throw new InputError(`--backend must be cpu, webgpu or all, got ${quote(backend)}`);
  }
  const fd = fdFlag(text('fd'));
  const maxBytes = maxBytesFlag(text('max-bytes'));
  // A view refuses --intermediates itself: "needs --json" would send the user to add a --json the view refuses or ignores.
  const views = viewOptions(values);
  if (values.intermediates === true && values.json !== true) throw new InputError('--intermediates needs --json');
  // --full un-summarises the printed trace and table; the JSON always holds every gradient.
  if (values.full === true && values.json === true) throw new InputError('--full has no effect with --json (it holds every gradient; --intermediates adds every intermediate); drop it');
  return {
    network: text('network') ?? null,
    activation: text('activation') ?? null,
    example,
    h,
    backend,
    json: values.json === true,
    full: values.full === true,
    help: values.help === true,
    version: values.version === true,
    verbose: values.verbose === true,
    maxBytes,
    fd,
    intermediates: values.intermediates === true,
    views,
  };
}
