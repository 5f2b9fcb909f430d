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
import { DEFAULT_MAX_BYTES } from '../io/bounded-read.js';
import { DEFAULT_H } from '../reference/finite-diff.js';
import { quote, quoteIfNeeded } from '../text/quote.js';

export type BackendChoice = 'cpu' | 'webgpu' | 'all';

/** How many parameters finite differences check: a seeded sample past a size, or every one. */
export type FdChoice = 'auto' | 'all';

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
  readonly verbose: boolean;
  /** Largest network file read, in bytes (--max-bytes). */
  readonly maxBytes: number;
  readonly fd: FdChoice;
  /** With --json: every layer's intermediates per backend. */
  readonly intermediates: boolean;
}

export const USAGE = `usage: gradient-trace [--network FILE] [--example K] [--h H] [--backend cpu|webgpu|all] [--fd auto|all] [--json [--intermediates]] [--full] [--max-bytes N] [--verbose] [--help] [--version]
       gradient-trace compare THEIRS [--network FILE] …   (check another tool's gradients; see compare --help)

Runs a network forward and backward on the CPU in float64 and on WebGPU in float32, prints every
multiply of the chain rule, and checks every gradient against central finite differences.

  --network FILE   a network file (JSON: W1, b1, … WL, bL and input + target, or inputs + targets);
                   default: the lesson's 2 -> 3 -> 2 network with input [0.5, 0.8], target class 0
  --example K      which example of a batch the trace shows (default 0)
  --h H            finite-difference step (default ${DEFAULT_H}), scaled per parameter: h * max(1, |theta|)
  --backend B      cpu: the float64 trace and the lesson's table
                   webgpu: the trace from the GPU's float32 numbers, then the three-way table
                   all: the float64 trace, then the table with a WebGPU column
                   (default: all when a WebGPU adapter exists, else cpu with a note)
  --fd F           auto: every parameter for small networks, else a seeded sample plus a
                   random-direction check of the whole gradient (default); all: every parameter
  --json           print one JSON object (dims, batch, status, loss, grads, adapter, warnings) and nothing else
  --intermediates  with --json: add every layer's z, a, da/dz, da and dz (N x width) per backend
  --full           print the whole trace and table even for a large network
  --max-bytes N    refuse network files larger than N bytes (default ${DEFAULT_MAX_BYTES})
  --verbose        also print what the GPU driver wrote while the adapter was chosen
  -h, --help       show this help
  --version        print the version

exit status: 0 all gradients match, 1 a mismatch or a GPU failure, 2 bad input or flags`;

const FLAGS: FlagTable = {
  network: { type: 'string' },
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

export function numberFlag(name: string, text: string): number {
  const value = text.trim() === '' ? NaN : Number(text);
  if (Number.isNaN(value)) throw new InputError(`--${name} must be a number, got ${quote(text)}`);
  return value;
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

/** --max-bytes: a whole number of bytes >= 1, DEFAULT_MAX_BYTES when absent. @throws InputError */
export function maxBytesFlag(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_BYTES;
  const maxBytes = numberFlag('max-bytes', text);
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new InputError(`--max-bytes must be a whole number >= 1, got ${shown(text)}`);
  return maxBytes;
}

export function parseCliArgs(argv: readonly string[]): CliOptions {
  const { values } = parseFlags(argv, FLAGS);
  const text = (name: string) => values[name] as string | undefined;
  const example = text('example') === undefined ? 0 : numberFlag('example', text('example')!);
  if (!Number.isInteger(example) || example < 0) throw new InputError(`--example must be a whole number >= 0, got ${shown(text('example')!)}`);
  const h = text('h') === undefined ? DEFAULT_H : numberFlag('h', text('h')!);
  if (!Number.isFinite(h)) throw new InputError(`--h must be finite, got ${shown(text('h')!)}`);
  if (h <= 0) throw new InputError(`--h must be > 0, got ${shown(text('h')!)}`);
  const backend = text('backend') ?? null;
  if (backend !== null && backend !== 'cpu' && backend !== 'webgpu' && backend !== 'all') {
    throw new InputError(`--backend must be cpu, webgpu or all, got ${quote(backend)}`);
  }
  const fd = text('fd') ?? 'auto';
  if (fd !== 'auto' && fd !== 'all') throw new InputError(`--fd must be auto or all, got ${quote(fd)}`);
  const maxBytes = maxBytesFlag(text('max-bytes'));
  if (values.intermediates === true && values.json !== true) throw new InputError('--intermediates needs --json');
  return {
    network: text('network') ?? null,
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
  };
}
