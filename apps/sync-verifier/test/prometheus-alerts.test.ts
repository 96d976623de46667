import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { renderAlertRulesYaml } from '@mtlsctl/monitoring';
import { freePort, startPrometheus, type PrometheusAlert, type PrometheusServer } from '@mtlsctl/peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaoPki, type BaoPki } from './bao-pki.js';
import { runVerifier, type VerifierProcess } from './run-verifier.js';

const MTLSCTL = fileURLToPath(new URL('../../cli/bin/run.js', import.meta.url));
let pki: BaoPki;
let verifier: VerifierProcess;
let prometheus: PrometheusServer;

/** Runs the real `mtlsctl` CLI against the bao server with the admin (root) token. */
function mtlsctl(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MTLSCTL, ...args, '--store', 'vault'], {
      env: { PATH: process.env['PATH'] ?? '', HOME: pki.bao.dir, VAULT_ADDR: pki.bao.addr, VAULT_TOKEN: pki.bao.token },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function waitForAlerts(predicate: (alerts: PrometheusAlert[]) => boolean, what: string, timeoutMs = 30_000): Promise<PrometheusAlert[]> {
  const deadline = Date.now() + timeoutMs;
  let alerts: PrometheusAlert[] = [];
  while (Date.now() < deadline) {
    alerts = await prometheus.alerts();
    if (predicate(alerts)) return alerts;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}; alerts: ${JSON.stringify(alerts)}\ntargets: ${JSON.stringify(await prometheus.targets())}\n${prometheus.logs()}`);
}

beforeAll(async () => {
  pki = await startBaoPki({ alice: 3, bob: 365 });
  const port = await freePort();
  verifier = runVerifier(['--listen', `127.0.0.1:${port}`, '--interval', '500ms', '--no-cluster'], { VAULT_ADDR: pki.bao.addr, MTLSCTL_VERIFIER_VAULT_TOKEN_FILE: pki.verifierTokenFile });
  await verifier.waitForLine((l) => l['msg'] === 'verification cycle');
  const rules = join(pki.bao.dir, 'mtlsctl.rules.yml');
  await writeFile(rules, renderAlertRulesYaml('rules'));
  prometheus = await startPrometheus({ scrape: { 'mtlsctl-sync-verifier': [`127.0.0.1:${port}`] }, ruleFiles: [rules], interval: '1s' });
});
afterAll(async () => {
  await prometheus?.stop();
  if (verifier && verifier.child.exitCode === null) {
    verifier.child.kill('SIGTERM');
    await verifier.exited;
  }
  await pki?.stop();
});

describe('a real Prometheus scraping the verifier and evaluating the shipped rules', () => {
  it('fires MtlsctlClientCertificateExpiring for a certificate 3 days from its end, with its runbook', async () => {
    const alerts = await waitForAlerts((a) => a.some((x) => x.labels['alertname'] === 'MtlsctlClientCertificateExpiring' && x.state === 'firing'), 'the expiry alert');
    const expiring = alerts.filter((a) => a.labels['alertname']?.startsWith('MtlsctlClientCertificate'));
    expect(expiring.map((a) => [a.labels['alertname'], a.labels['username'], a.labels['severity'], a.state])).toEqual([['MtlsctlClientCertificateExpiring', 'alice', 'critical', 'firing']]);
    expect(expiring[0]!.annotations['runbook']).toBe('mtlsctl user renew alice');
    expect(expiring[0]!.annotations['description']).toMatch(/^The client certificate of alice has 2d 23h \d+m \d+s left/);
    const up = await prometheus.query('up{job="mtlsctl-sync-verifier"}');
    expect(up.map((s) => s.value[1])).toEqual(['1']);
    // nothing else is wrong, so nothing else fires
    expect(alerts.filter((a) => a.state === 'firing').map((a) => a.labels['alertname'])).toEqual(['MtlsctlClientCertificateExpiring']);
  });

  it('resolves it after `mtlsctl user renew alice`', async () => {
    const renew = await mtlsctl(['user', 'renew', 'alice']);
    expect(renew.code, renew.stderr).toBe(0);
    await waitForAlerts((a) => !a.some((x) => x.labels['alertname']?.startsWith('MtlsctlClientCertificate')), 'the alert to resolve');
    const [series] = await prometheus.query('mtlsctl_client_certificate_expiry_timestamp_seconds{username="alice"} - time()');
    expect(Number(series!.value[1])).toBeGreaterThan(364 * 86_400);
  });

  it('fires MtlsctlVerifierDown once the verifier stops (absent target counts too)', async () => {
    verifier.child.kill('SIGTERM');
    expect((await verifier.exited).code).toBe(0);
    const up = async () => (await prometheus.query('up{job="mtlsctl-sync-verifier"}'))[0]?.value[1];
    const deadline = Date.now() + 15_000;
    while ((await up()) !== '0' && Date.now() < deadline) await sleep(250);
    expect(await up()).toBe('0');
    // `for: 5m` keeps it pending here: pending proves the rule matched the real scrape failure
    const alerts = await waitForAlerts((a) => a.some((x) => x.labels['alertname'] === 'MtlsctlVerifierDown'), 'the down alert');
    expect(alerts.find((a) => a.labels['alertname'] === 'MtlsctlVerifierDown')).toMatchObject({ state: 'pending', labels: { severity: 'critical', job: 'mtlsctl-sync-verifier' } });
  });
});
