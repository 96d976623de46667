import type { QuickstartResult } from '../quickstart.js';
import type { RenderFormat } from './renderer.js';
import { day, renderTable, shortFingerprint } from './table.js';

/** `quickstart`: the four steps, the inventory, and what to try next; as JSON the result itself. */
export function renderQuickstart(result: QuickstartResult, format: 'text'): string;
export function renderQuickstart(result: QuickstartResult, format: 'json'): QuickstartResult;
export function renderQuickstart(r: QuickstartResult, format: RenderFormat): string | QuickstartResult {
  if (format === 'json') return r;
  const table = renderTable(r.inventory, [
    ['USERNAME', (x) => x.username],
    ['EMAIL', (x) => x.email],
    ['STATUS', (x) => x.status],
    ['NOT AFTER', (x) => day(x.notAfter)],
    ['SERIAL', (x) => x.serial],
  ]);
  return [
    `1. CA        ${r.caCreated ? 'created' : 'reused '}  ${r.ca.subject}  (SHA-256 ${shortFingerprint(r.ca.fingerprint)}…, until ${day(r.ca.notAfter)})`,
    `2. User      issued   ${r.user.subject}  serial ${r.user.serialNumber}, until ${day(r.user.notAfter)}`,
    `3. p12       written  ${r.p12File} (0600), password in ${r.passwordFile}`,
    `4. Verified  ${r.verified ? 'yes' : 'NO'}       the p12 was read back and its certificate validated against ${r.caFile}`,
    '',
    'Inventory:',
    table,
    '',
    'Next:',
    `  openssl pkcs12 -info -noout -in ${r.p12File} -passin file:${r.passwordFile}`,
    `  MTLSCTL_HOME=${r.storeDir} mtlsctl user list`,
    '  VAULT_ADDR=https://vault:8200 mtlsctl vault init   # move to Vault: KV v2 mount, policies, ESO token',
    '  mtlsctl --help                                     # every command',
    '  (in this clone, mtlsctl is `node apps/cli/bin/run.js`; `npm link -w @mtlsctl/cli` puts it on the PATH)',
  ].join('\n');
}
