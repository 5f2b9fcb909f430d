/**
 * Validates a benchmark results JSON (the CLI's or the page's) against schemas/bench-results.schema.json
 * with ajv. Returns the errors as one line each; none means valid.
 */
import Ajv from 'ajv';
import schema from '../schemas/bench-results.schema.json' with { type: 'json' };

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

export function resultsErrors(data: unknown): string[] {
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}
