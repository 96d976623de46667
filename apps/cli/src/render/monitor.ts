import type { ExpiryItem } from '@mtlsctl/monitoring';
import { renderer } from './renderer.js';
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
export const renderMonitorRules = renderer<MonitorRulesResult, MonitorRulesResult>({
  text: (r) => (r.file === undefined ? r.yaml.replace(/\n$/, '') : `Wrote ${r.file} (${r.format}).`),
  json: (r): MonitorRulesResult => ({ format: r.format, ...(r.file === undefined ? {} : { file: r.file }), yaml: r.yaml }),
});

/** `monitor expiry`: the windows checked and what expires within them. */
export interface MonitorExpiryResult {
  withinDays: number;
  crlWithinDays: number;
  expiring: ExpiryItem[];
}

/** `monitor expiry`: a table of what expires (client, CA, CRL), or that nothing does; as JSON the same result. */
export const renderMonitorExpiry = renderer<MonitorExpiryResult, MonitorExpiryResult>({
  text: (r) => {
    if (r.expiring.length === 0) return `Nothing expires within ${r.withinDays} days (CRLs: ${r.crlWithinDays} days).`;
    return renderTable(r.expiring, [
      ['KIND', (i) => i.kind],
      ['NAME', (i) => i.name],
      ['EXPIRES', (i) => day(i.expiresAt)],
      ['DAYS LEFT', (i) => (i.expired ? 'expired' : String(i.daysLeft))],
      ['ID', (i) => (i.kind === 'client' ? i.id : shortFingerprint(i.id))],
    ]);
  },
  json: (r): MonitorExpiryResult => ({ withinDays: r.withinDays, crlWithinDays: r.crlWithinDays, expiring: r.expiring }),
});
