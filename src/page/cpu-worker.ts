/** The worker that runs cpuPasses off the page's main thread (a big network would freeze it). */
import type { Batch, Network } from '../network/network.js';
import { cpuPasses, type CpuPasses } from './cpu-passes.js';
import { serveRequests } from './worker-rpc.js';

export type CpuRequest = { readonly network: Network; readonly batch: Batch };

/** Progress: the stage it is at. */
serveRequests<CpuRequest, CpuPasses, string>(({ network, batch }, stage) => cpuPasses(network, batch, stage));
