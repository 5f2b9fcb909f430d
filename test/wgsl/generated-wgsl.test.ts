/**
 * The generated WGSL, without a GPU: snapshots of every shader a few networks run (per-op and each
 * fused kernel), so a change to a shared function, the op table or a generator shows up as a
 * readable diff (test/wgsl/__snapshots__/*.wgsl, the same text `npm run print-wgsl` prints), and
 * checks of what the assembly guarantees. The GPU tests compile and run the same text.
 */
import { describe, expect, test } from 'vitest';
import { generatedShaders } from '../../src/gpu/wgsl/generated-shaders.js';
import type { ActivationName } from '../../src/ops/activations.js';
import { ACTIVATIONS } from '../../src/ops/activations.js';

const SNAPSHOTS: { name: string; dims: number[]; activations: ActivationName[]; path: 'per-op' | 'fused'; kernel?: 'small' | 'tiled' | 'gemm' }[] = [
  { name: 'per-op-2-3-3-3-2-relu-sigmoid-tanh', dims: [2, 3, 3, 3, 2], activations: ['relu', 'sigmoid', 'tanh'], path: 'per-op' },
  { name: 'fused-small-2-3-2-sigmoid', dims: [2, 3, 2], activations: ['sigmoid'], path: 'fused' },
  { name: 'fused-small-2-3-2-relu', dims: [2, 3, 2], activations: ['relu'], path: 'fused' },
  { name: 'fused-tiled-4-6-5-3-sigmoid-tanh', dims: [4, 6, 5, 3], activations: ['sigmoid', 'tanh'], path: 'fused', kernel: 'tiled' },
  { name: 'fused-gemm-40-12-6-3-tanh-sigmoid', dims: [40, 12, 6, 3], activations: ['tanh', 'sigmoid'], path: 'fused' },
];

const text = (shaders: { label: string; code: string }[]) => shaders.map((s) => `// ======== ${s.label} ========\n${s.code}`).join('\n');

describe('generated WGSL snapshots', () => {
  for (const s of SNAPSHOTS) {
    test(s.name, async () => {
      await expect(text(generatedShaders(s))).toMatchFileSnapshot(`./__snapshots__/${s.name}.wgsl`);
    });
  }
});

/** Names of the functions a shader defines, and of those it calls. */
function functions(code: string): { defined: string[]; called: Set<string> } {
  const defined = [...code.matchAll(/\bfn (\w+)\(/g)].map((m) => m[1]);
  const called = new Set([...code.matchAll(/\b([a-z_][a-z0-9_]*)\(/g)].map((m) => m[1]));
  return { defined, called };
}

describe('what the assembly guarantees', () => {
  const every: { dims: number[]; activations: ActivationName[]; path: 'per-op' | 'fused'; kernel?: 'small' | 'tiled' | 'gemm' }[] = [];
  for (const a of ['relu', 'sigmoid', 'tanh'] as const) {
    every.push({ dims: [2, 3, 2], activations: [a], path: 'per-op' });
    for (const kernel of ['small', 'tiled'] as const) every.push({ dims: [2, 3, 4, 2], activations: [a, a], path: 'fused', kernel });
    every.push({ dims: [40, 12, 3], activations: [a], path: 'fused', kernel: 'gemm' });
  }

  test.each(every)('$path $kernel $activations: no markers left, each shared function defined once, every activation function called is the network\'s', (opts) => {
    for (const { label, code } of generatedShaders(opts)) {
      expect(code, label).not.toMatch(/\{\{|\}\}/);
      const { defined, called } = functions(code);
      expect(new Set(defined).size, `${label}: a function defined twice`).toBe(defined.length);
      for (const name of ['relu', 'sigmoid', 'tanh'] as const) {
        const { forward, derivative } = ACTIVATIONS[name].wgsl;
        const uses = called.has(forward) || called.has(derivative);
        if (uses) expect(opts.activations, `${label} applies ${name}`).toContain(name);
        // A shared function is included only when the kernel is meant to apply it.
        if (!opts.activations.includes(name)) expect(defined, label).not.toContain(forward);
      }
    }
  });

  test('every hidden layer applies its own activation in the fused kernels', () => {
    const [small] = generatedShaders({ dims: [2, 3, 3, 2], activations: ['tanh', 'sigmoid'], path: 'fused', kernel: 'small' });
    expect(small.code).toContain('let a0_0 = tanh_act(z0_0);');
    expect(small.code).toContain('let a1_2 = sigmoid(z1_2);');
    // The backward step of layer 1 uses layer 0's derivative, from its activation.
    expect(small.code).toMatch(/let d0_0 = select\(.*\) \* tanh_grad\(a0_0\);/);
    expect(small.code).toMatch(/let d1_0 = select\(.*\) \* sigmoid_grad\(a1_0\);/);
    const [tiled] = generatedShaders({ dims: [2, 3, 3, 2], activations: ['tanh', 'sigmoid'], path: 'fused', kernel: 'tiled' });
    expect(tiled.code).toContain('case 0u: { return tanh_act(x); }');
    expect(tiled.code).toContain('case 1u: { return sigmoid_grad(x); }');
    const head = generatedShaders({ dims: [40, 12, 3], activations: ['sigmoid'], path: 'fused', kernel: 'gemm' });
    expect(head.find((s) => s.label.startsWith('fused-gemm-forward'))!.code).toContain('vec4<f32>(sigmoid(a0_0), sigmoid(a0_1), sigmoid(a0_2), sigmoid(a0_3))');
    expect(head.find((s) => s.label.startsWith('fused-gemm-head'))!.code).toMatch(/delta\[r0 \+ j\] = g0 \* sigmoid_grad\(a0\);/);
  });
});
