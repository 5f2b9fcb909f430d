/** JSON.stringify, with NaN and ±Infinity written as the strings "NaN", "Infinity", "-Infinity" (JSON has no such numbers). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}
