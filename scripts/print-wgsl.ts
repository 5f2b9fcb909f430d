/**
 * Prints every WGSL shader a network runs on one path, exactly as the engine compiles it.
 *
 *   npm run print-wgsl -- --dims 2-3-2 --path fused
 *   npm run print-wgsl -- --dims 784-128-10 --path fused --activation sigmoid
 *   npm run print-wgsl -- --dims 4-6-5-3 --path per-op --activation tanh,relu
 *
 * --activation: one name for every hidden layer or one per hidden layer, comma-separated (default
 * relu); --kernel small|tiled|gemm forces the fused kernel; --batch N sizes the fused plan.
 */
import { parseArgs } from 'node:util';
import { generatedShaders } from '../src/gpu/wgsl/generated-shaders.js';
import { isActivationName, type ActivationName } from '../src/ops/activations.js';

function fail(message: string): never {
  process.stderr.write(`print-wgsl: ${message}\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      dims: { type: 'string', default: '2-3-2' },
      path: { type: 'string', default: 'per-op' },
      activation: { type: 'string', default: 'relu' },
      kernel: { type: 'string' },
      batch: { type: 'string' },
    },
    strict: true,
  }));
} catch (err) {
  fail((err as Error).message);
}
const dims = values.dims.split('-').map(Number);
if (dims.length < 2 || !dims.every((d) => Number.isInteger(d) && d > 0)) fail(`--dims must be widths like 2-3-2 (got ${JSON.stringify(values.dims)})`);
const hidden = dims.length - 2;
const names = values.activation.split(',');
if (!names.every(isActivationName)) fail(`--activation must be relu, sigmoid or tanh, or a comma-separated list (got ${JSON.stringify(values.activation)})`);
const activations: ActivationName[] = names.length === 1 ? Array(hidden).fill(names[0]) : (names as ActivationName[]);
if (activations.length !== hidden) fail(`--activation lists ${names.length} names but ${values.dims} has ${hidden} hidden layers`);
if (values.path !== 'per-op' && values.path !== 'fused') fail(`--path must be per-op or fused (got ${JSON.stringify(values.path)})`);
const kernel = values.kernel;
if (kernel !== undefined && kernel !== 'small' && kernel !== 'tiled' && kernel !== 'gemm') fail(`--kernel must be small, tiled or gemm (got ${JSON.stringify(kernel)})`);
const batch = values.batch === undefined ? undefined : Number(values.batch);
if (batch !== undefined && !(Number.isInteger(batch) && batch > 0)) fail(`--batch must be a whole number > 0 (got ${JSON.stringify(values.batch)})`);

let shaders;
try {
  shaders = generatedShaders({ dims, activations, path: values.path, kernel, batch });
} catch (err) {
  fail((err as Error).message);
}
const text = shaders.map((s) => `// ======== ${s.label} ========\n${s.code}`).join('\n');
process.stdout.on('error', () => process.exit(0)); // a closed pipe (| head) ends quietly
process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
