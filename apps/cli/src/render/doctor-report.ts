import type { DoctorReport } from '@mtlsctl/authority';
import { renderChecklist } from './checklist.js';
import { renderer } from './renderer.js';

/** `doctor`: the checklist, and where the store it checked is. */
export interface DoctorResult {
  report: DoctorReport;
  location: string;
}

/** `mtlsctl doctor`: the checklist (each ✗ with its fix), then one summary line; as JSON the report. */
export const renderDoctorReport = renderer<DoctorResult, DoctorReport>({
  text: ({ report, location }) => {
    const count = (status: string) => report.checks.filter((c) => c.status === status).length;
    const failed = count('fail');
    const warned = count('warn');
    const summary = failed > 0 ? `${failed} failed, ${warned} warning(s): fix the ✗ lines above.` : `No failures${warned > 0 ? `, ${warned} warning(s)` : ''}.`;
    return [`mtlsctl doctor: the ${report.store === 'vault' ? 'Vault' : 'directory'} store at ${location}`, '', renderChecklist(report.checks), '', summary].join('\n');
  },
  json: ({ report }): DoctorReport => report,
});
