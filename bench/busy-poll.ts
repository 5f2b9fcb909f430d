/**
 * How much of a core Dawn's Node binding takes while it waits. The binding completes mapAsync by
 * calling ProcessEvents from the JS thread again and again while a request is pending (its
 * AsyncRunner), so the main thread spins during a run; between runs nothing is pending and it
 * should sleep. Measured here from the kernel's per-thread accounting (/proc/self/task/<tid>/stat,
 * utime + stime): the main thread (JS + polling) against the whole process (which, on SwiftShader,
 * includes the adapter's worker threads), during runs and between them.
 *
 * Each running case alternates the engine's poll back-off off / on (GpuContext.pollBackoff, on by
 * default in Node: sleep for about the work's time, measured by a probing read, before asking for the map;
 * src/gpu/runtime/poll-backoff.ts), so the two can be compared within one run.
 *
 *   npm run build:bench-profile && node dist/bench-busy-poll/busy-poll.js
 */
import { readFileSync } from 'node:fs';
import { makeBatch, makeNetwork } from './plan.js';

const engineMods = import.meta.glob('../src/gpu/engine.ts');
const acquireMods = import.meta.glob('../src/gpu/device/acquire-node.ts');
const TICK_MS = 10; // USER_HZ = 100 on Linux

function threadCpuMs(tid: number): number {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime (fields 14, 15)
}

function processCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function phase(name: string, ms: number, work: (() => Promise<unknown>) | null): Promise<void> {
  const [main0, all0, t0] = [threadCpuMs(process.pid), processCpuMs(), performance.now()];
  let runs = 0;
  while (performance.now() - t0 < ms) {
    if (work) {
      await work();
      runs++;
    } else await new Promise((r) => setTimeout(r, 50));
  }
  const wall = performance.now() - t0;
  const main = threadCpuMs(process.pid) - main0;
  const all = processCpuMs() - all0;
  console.log(
    `${name.padEnd(40)} wall ${wall.toFixed(0).padStart(5)} ms  main thread ${((100 * main) / wall).toFixed(0).padStart(3)} % of a core` +
      `  whole process ${((100 * all) / wall).toFixed(0).padStart(3)} %${work ? `  (${runs} runs)` : ''}`,
  );
}

async function main(): Promise<void> {
  const { WebGpuEngine } = (await Object.values(engineMods)[0]()) as any;
  const { acquireNodeGpu } = (await Object.values(acquireMods)[0]()) as any;
  const handle = await acquireNodeGpu();
  console.log(`adapter: ${handle.adapter.summary}`);
  const engine = WebGpuEngine.create(handle);
  const cases = [
    { dims: [2, 3, 2], n: 65536, path: 'fused' },
    { dims: [2, 3, 2], n: 4096, path: 'fused' },
    { dims: [2, 3, 2], n: 65536, path: 'per-op' },
  ];
  await phase('idle, device open, nothing run yet', 2000, null);
  for (const c of cases) {
    const network = makeNetwork(c.dims, 1);
    const b = makeBatch(c.dims, c.n, 2);
    const batch = { ...b, inputs: Float32Array.from(b.inputs) };
    const run = () => engine.run(network, batch, { path: c.path, intermediates: false });
    await run();
    for (const backoff of [false, true, false, true]) {
      engine.ctx.pollBackoff = backoff;
      await run();
      await phase(`running ${c.path} ${c.dims.join('-')} @ ${c.n}, back-off ${backoff ? 'on' : 'off'}`, 2000, run);
    }
    await phase('idle after it (engine open)', 1000, null);
  }
  engine.dispose();
  handle.destroy();
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
