import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir, promtool, type TempDir } from '@mtlsctl/peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { buildAlertRules } from './alert-rules.js';
import { renderAlertRulesYaml } from './render-alert-rules.js';

const fixture = fileURLToPath(new URL('../test/alert-rules.promtool.yml', import.meta.url));
let dir: TempDir;
beforeAll(async () => {
  dir = await makeTempDir('mtlsctl-rules-');
});
afterAll(async () => dir.remove());

describe('alert rules (promtool)', () => {
  it('the plain rules file passes `promtool check rules`', async () => {
    const file = join(dir.path, 'check.rules.yml');
    await writeFile(file, renderAlertRulesYaml('rules'));
    const result = await promtool(['check', 'rules', file]);
    expect(result.output).toContain(`SUCCESS: ${buildAlertRules()[0]!.rules.length} rules found`);
    expect(result.ok).toBe(true);
  });

  it("the PrometheusRule's spec passes `promtool check rules` and is a monitoring.coreos.com/v1 PrometheusRule", async () => {
    const object = parse(renderAlertRulesYaml('prometheus-rule', {}, { namespace: 'monitoring', labels: { release: 'kube-prometheus-stack' } }));
    expect(object).toMatchObject({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'mtlsctl', namespace: 'monitoring', labels: { release: 'kube-prometheus-stack' } } });
    const file = join(dir.path, 'operator.rules.yml');
    await writeFile(file, stringify({ groups: object.spec.groups }));
    const result = await promtool(['check', 'rules', file]);
    expect(result.ok, result.output).toBe(true);
  });

  it('every alert fires when it should and stays silent or clears otherwise (`promtool test rules`)', async () => {
    await writeFile(join(dir.path, 'mtlsctl.rules.yml'), renderAlertRulesYaml('rules'));
    await copyFile(fixture, join(dir.path, 'tests.yml'));
    const result = await promtool(['test', 'rules', 'tests.yml'], { cwd: dir.path });
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });

  it('the unit tests cover every alert the rules define', async () => {
    const tests = parse(await (await import('node:fs/promises')).readFile(fixture, 'utf8')) as { tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[] };
    const cases = tests.tests.flatMap((t) => t.alert_rule_test);
    for (const rule of buildAlertRules()[0]!.rules) {
      expect(cases.some((c) => c.alertname === rule.alert && c.exp_alerts.length > 0), `${rule.alert} fires somewhere`).toBe(true);
      expect(cases.some((c) => c.alertname === rule.alert && c.exp_alerts.length === 0), `${rule.alert} is silent somewhere`).toBe(true);
    }
  });

  it('configured windows move the thresholds: 14d/3d warns at 10 days left and is critical at 2', async () => {
    await writeFile(join(dir.path, 'custom.rules.yml'), renderAlertRulesYaml('rules', { clientWarningDays: 14, clientCriticalDays: 3 }));
    const series = (user: string, days: number) => ({ series: `mtlsctl_client_certificate_expiry_timestamp_seconds{username="${user}"}`, values: `${days * 86400}x10` });
    const alerts = (name: string, users: string[]) => ({ eval_time: '0m', alertname: name, exp_alerts: users.map((u) => ({ exp_labels: { severity: name.endsWith('Soon') ? 'warning' : 'critical', username: u } })) });
    const test = {
      rule_files: ['custom.rules.yml'],
      tests: [{ interval: '1m', input_series: [series('ten', 10), series('two', 2), series('twenty', 20)], alert_rule_test: [alerts('MtlsctlClientCertificateExpiringSoon', ['ten']), alerts('MtlsctlClientCertificateExpiring', ['two'])] }],
    };
    await writeFile(join(dir.path, 'custom-tests.yml'), stringify(test));
    const result = await promtool(['test', 'rules', 'custom-tests.yml'], { cwd: dir.path });
    // exp_annotations are left out here, so promtool reports the annotation mismatch only: the labels must match
    expect(result.output).not.toMatch(/Labels:\{alertname="MtlsctlClientCertificateExpiringSoon", severity="warning", username="twenty"\}/);
    expect(result.output).toMatch(/got:\[\s*0:\s*Labels:\{alertname="MtlsctlClientCertificateExpiringSoon", severity="warning", username="ten"\}/);
    expect(result.output).toMatch(/got:\[\s*0:\s*Labels:\{alertname="MtlsctlClientCertificateExpiring", severity="critical", username="two"\}/);
  });
});

describe('buildAlertRules', () => {
  it('gives every rule a severity, a summary, a description and a runbook naming an mtlsctl command', () => {
    for (const rule of buildAlertRules()[0]!.rules) {
      expect(['warning', 'critical']).toContain(rule.labels.severity);
      expect(rule.annotations.summary.length).toBeGreaterThan(10);
      expect(rule.annotations.description.length).toBeGreaterThan(20);
      expect(rule.annotations.runbook).toMatch(/mtlsctl [a-z0-9]+/);
    }
  });

  it('alerts on ESO errors with increase() (clears) or the Ready=False condition, never on the raw counter', () => {
    const rules = buildAlertRules()[0]!.rules;
    const exprs = rules.map((r) => r.expr).join('\n');
    expect(exprs).toContain('increase(externalsecret_sync_calls_error{namespace="haproxy-controller",name="sync-ca-from-nas"}[15m]) > 0');
    expect(exprs).toContain('externalsecret_status_condition{namespace="haproxy-controller",name="sync-ca-from-nas",condition="Ready",status="False"} == 1');
    expect(exprs).not.toMatch(/(?<!increase\()externalsecret_sync_calls_error\{[^}]*\} > 0/);
  });

  it.each([
    [{ clientWarningDays: 0 }, /clientWarningDays must be a positive whole number/],
    [{ clientWarningDays: 7, clientCriticalDays: 7 }, /client critical window \(7d\) must be shorter/],
    [{ caWarningDays: 10, caCriticalDays: 20 }, /CA critical window/],
    [{ bundleDriftFor: 'two hours' }, /bundleDriftFor must be a Prometheus duration/],
    [{ verifierJob: 'a"b' }, /cannot be used as a label value/],
    [{ externalSecret: { namespace: 'x', name: 'y}' } }, /cannot be used as a label value/],
  ])('refuses %j', (options, message) => {
    expect(() => buildAlertRules(options)).toThrow(message);
  });
});
