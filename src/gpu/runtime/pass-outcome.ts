import type { PassRecord } from '../../record/pass-record.js';

/** What a pass (per-op or fused) returns: its record, and its GPU time when timestamps were asked for. */
export interface PassOutcome {
  readonly record: PassRecord;
  readonly gpuTimeMs: number | null;
}
