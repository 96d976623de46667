export type { ObservedCa, ObservedCrl, VaultObservation, ClusterObservation, ProbeObservation } from './observation.js';
export { unixSeconds } from './seconds.js';
export { evaluateExpiry, type ExpiryItem, type ExpiryInput } from './evaluate-expiry.js';
export {
  evaluateVerification,
  type VerificationInput,
  type VerificationReport,
  type SourceResult,
  type InventoryCounts,
} from './evaluate-verification.js';
export { VerifierMetrics, type VerifierMetricsOptions } from './verifier-metrics.js';
export { collectVaultObservation, type CollectVaultOptions } from './collect-vault-observation.js';
export { buildAlertRules, type AlertRule, type AlertRuleOptions, type RuleGroup } from './alert-rules.js';
export { renderRulesFile, renderPrometheusRule, renderAlertRulesYaml, type RulesFormat, type PrometheusRuleMeta } from './render-alert-rules.js';
export { renderVerifierManifests, type VerifierManifestOptions, type VerifierObject } from './render-verifier-manifests.js';
