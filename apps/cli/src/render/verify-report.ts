import type { CredentialVerdict } from '@mtlsctl/authority';
import { renderChecklist } from './checklist.js';
import { renderer } from './renderer.js';

/** `verify`: the file judged and the verdict. */
export interface VerifyResult {
  file: string;
  verdict: CredentialVerdict;
}

/** `mtlsctl verify`: the checklist (the failed line carries the fix), then the verdict in one line; as JSON the verdict. */
export const renderVerifyReport = renderer<VerifyResult, CredentialVerdict>({
  text: ({ file, verdict }) => {
    const trust = verdict.trustSource === 'store' ? "the store's trust bundle and CRLs" : 'the bundle given';
    const cas = verdict.trustedCas.map((c) => `${c.subject} (${c.fingerprint.slice(0, 16)})`).join(', ');
    const lines = [`${file} against ${trust}: ${cas}`, '', renderChecklist(verdict.checks), ''];
    if (verdict.accepted) lines.push(`HAProxy: accepted — ${verdict.message}`);
    else lines.push(`HAProxy: refused — ${verdict.message}`);
    return lines.join('\n');
  },
  json: ({ verdict }): CredentialVerdict => verdict,
});
