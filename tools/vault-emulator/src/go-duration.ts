import { badRequest } from './vault-http-error.js';

const UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400 };

/**
 * Parses a Vault duration (`"8760h"`, `"1h30m"`, `"45s"`, `"3600"` or a number of seconds) into whole seconds.
 *
 * @param value - the request field
 * @param field - its name, for the error message
 * @throws VaultHttpError 400 when it is not a duration
 */
export function parseDuration(value: unknown, field: string): number {
  if (value === undefined || value === null || value === '') return 0;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.floor(value);
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return Number(value);
    const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/g)];
    if (parts.length > 0 && parts.map((p) => p[0]).join('') === value) {
      return Math.floor(parts.reduce((sum, p) => sum + Number(p[1]) * (UNITS[p[2] as string] as number), 0));
    }
  }
  throw badRequest(`error converting input ${JSON.stringify(value)} for field "${field}": time: invalid duration`);
}
