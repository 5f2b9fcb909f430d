/** The SGD update kernel's WGSL (sgd-update.wgsl beside this file), assembled once; src/train/gpu-trainer.ts runs it. */
import { assembleKernel } from '../wgsl/assemble.js';
import { SGD_UPDATE } from '../wgsl/layouts.js';

let text: string | null = null;

export function sgdUpdateSource(): string {
  return (text ??= assembleKernel({ spec: SGD_UPDATE }));
}
