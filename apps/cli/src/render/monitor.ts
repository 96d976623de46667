import type { ExpiryItem } from '@mtlsctl/monitoring';
import type { RenderFormat } from './renderer.js';
import { day, renderTable, shortFingerprint } from './table.js';

/** `monitor rules`: the rules document, in which format, and the file it went to (none: stdout). */
export interface MonitorRulesResult {
  format: 'prometheus-rule' | 'rules';
  file?: string;
  yaml: string;
}

/**
 * `monitor rules`: the YAML itself (the command prints it as a document, even with `--quiet`), or `Wrote <file>
 * (<format>).` when it went to a file; as JSON the format, the file and the YAML.
 */
export function renderMonitorRules(result: MonitorRulesResult, format: 'text'): string;
export function renderMonitorRules(result: MonitorRulesResult, format: 'json'): MonitorRulesResult;
export function renderMonitorRules(result: MonitorRulesResult, format: RenderFormat): string | MonitorRulesResult {
  if (format === 'json') return { format: result.format, ...(result.file === undefined ? {} : { file: result.file }), yaml: result.yaml };
  return result.file === undefined ? result.yaml.replace(/\n$/, '') : `Wrote ${result.file} (${result.format}).`;
}

/** `monitor expiry`: the windows checked and what expires within them. */
export interface MonitorExpiryResult {
  withinDays: number;
  crlWithinDays: number;
  expiring: ExpiryItem[];
}

/** `monitor expiry`: a table of what expires (client, CA, CRL), or that nothing does; as JSON the same result. */
export function renderMonitorExpiry(result: MonitorExpiryResult, format: 'text'): string;
export function renderMonitorExpiry(result: MonitorExpiryResult, format: 'json'): MonitorExpiryResult;
export function renderMonitorExpiry(result: MonitorExpiryResult, format: RenderFormat): string | MonitorExpiryResult {
  if (format === 'json') return { withinDays: result.withinDays, crlWithinDays: result.crlWithinDays, expiring: result.expiring };
  if (result.expiring.length === 0) return `Nothing expires within ${result.withinDays} days (CRLs: ${result.crlWithinDays} days).`;
  return renderTable(result.expiring, [
    ['KIND', (i) => i.kind],
    ['NAME', (i) => i.name],
    ['EXPIRES', (i) => day(i.expiresAt)],
    ['DAYS LEFT', (i) => (i.expired ? 'expired' : String(i.daysLeft))],
    ['ID', (i) => (i.kind === 'client' ? i.id : shortFingerprint(i.id))],
  ]);
}
