import { stringify } from 'yaml';
import { buildAlertRules, type AlertRuleOptions, type RuleGroup } from './alert-rules.js';

/** The two shapes the rules ship in. */
export type RulesFormat = 'prometheus-rule' | 'rules';

/** Where a PrometheusRule object goes and how the Prometheus Operator finds it. */
export interface PrometheusRuleMeta {
  /** Default `mtlsctl`. */
  name?: string;
  /** Default `mtlsctl`. */
  namespace?: string;
  /** Labels the operator's `ruleSelector` matches (e.g. `release: kube-prometheus-stack`). */
  labels?: Record<string, string>;
}

/** A Prometheus rules file (`rule_files:`): `{ groups }`. */
export function renderRulesFile(options: AlertRuleOptions = {}): { groups: RuleGroup[] } {
  return { groups: buildAlertRules(options) };
}

/**
 * The rules as a Prometheus Operator `PrometheusRule` (`monitoring.coreos.com/v1`).
 *
 * @param options - windows and names, see {@link AlertRuleOptions}
 * @param meta - the object's name, namespace and labels
 */
export function renderPrometheusRule(options: AlertRuleOptions = {}, meta: PrometheusRuleMeta = {}) {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: meta.name ?? 'mtlsctl',
      namespace: meta.namespace ?? 'mtlsctl',
      labels: { 'app.kubernetes.io/name': 'mtlsctl', 'app.kubernetes.io/managed-by': 'mtlsctl', ...meta.labels },
    },
    spec: { groups: buildAlertRules(options) },
  };
}

/**
 * The rules in the chosen format as YAML text.
 *
 * @example
 * await writeFile('mtlsctl.rules.yml', renderAlertRulesYaml('rules', { clientWarningDays: 21 }));
 */
export function renderAlertRulesYaml(format: RulesFormat, options: AlertRuleOptions = {}, meta: PrometheusRuleMeta = {}): string {
  const document = format === 'rules' ? renderRulesFile(options) : renderPrometheusRule(options, meta);
  return stringify(document, { lineWidth: 0 });
}
