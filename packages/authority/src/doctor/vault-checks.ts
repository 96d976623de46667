import type { AuditStatus, CapabilityReport, TokenInfo } from '@mtlsctl/vault-store';
import { check, type Check } from '../checklist.js';
import type { DoctorThresholds } from './doctor-report.js';
import type { Probed, VaultFacts } from './vault-facts.js';

const LOOPBACK_HTTP = /^http:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:|\/|$)/i;

/**
 * The Vault checks (pure): reachable, TLS verified, initialised and unsealed, server type and version, the token's
 * validity and TTL, its capabilities on each path of its role, an audit device, and the ESO token when given.
 *
 * @param facts - what {@link probeVault} found
 */
export function vaultChecks(facts: VaultFacts, thresholds: DoctorThresholds = {}): Check[] {
  const { health } = facts;
  const cli = health.ok && health.value.flavour === 'openbao' ? 'bao' : 'vault';
  const checks: Check[] = [reachable(facts), tls(facts)];
  if (!health.ok) return [...checks, ...notReached(['vault.unsealed', 'vault.server', 'token.ttl', 'token.capabilities', 'vault.audit'], 'Vault cannot be reached')];
  const h = health.value;
  checks.push(check('vault.server', 'Server type and version', h.version === '' ? 'warn' : 'ok', `${h.flavour === 'openbao' ? 'OpenBao' : 'HashiCorp Vault'} ${h.version || '(no version reported)'}${h.standby && !h.sealed ? ', a standby node' : ''}`));
  if (!h.initialized) {
    checks.push(check('vault.unsealed', 'Initialised and unsealed', 'fail', 'Vault is not initialised', `${cli} operator init`));
    return [...checks, ...notReached(['token.ttl', 'token.capabilities', 'vault.audit'], 'Vault is not initialised')];
  }
  if (h.sealed) {
    checks.push(check('vault.unsealed', 'Initialised and unsealed', 'fail', 'Vault is sealed: nothing can be read or written', `${cli} operator unseal   # once per key share, until the threshold`));
    return [...checks, ...notReached(['token.ttl', 'token.capabilities', 'vault.audit'], 'Vault is sealed')];
  }
  checks.push(check('vault.unsealed', 'Initialised and unsealed', 'ok', 'initialised and unsealed'));
  if (facts.token === undefined) return checks;
  const admin = facts.policies.admin;
  checks.push(tokenTtl('token.ttl', 'Token valid, TTL', facts.token, thresholds.tokenWarnDays ?? 7, cli, `${cli} login   # or export VAULT_TOKEN=<a token with the ${admin} policy>`, `${cli} token renew`, admin));
  if (facts.capabilities !== undefined) checks.push(...capabilityChecks('token', facts.role ?? 'admin', facts.capabilities, cli, facts.rolePolicy ?? admin));
  if (facts.audit !== undefined) checks.push(audit(facts.audit));
  if (facts.eso !== undefined) {
    checks.push(tokenTtl('eso.ttl', 'ESO token valid, TTL', facts.eso.token, 30, cli, 'mtlsctl vault init --eso-token-file eso.token   # a new ESO token; then put it in the cluster Secret (mtlsctl k8s manifests --eso-token-file eso.token | kubectl apply -f -)', `${cli} token renew <eso-token>   # with the ESO token as VAULT_TOKEN`, admin));
    if (facts.eso.capabilities !== undefined) checks.push(...capabilityChecks('eso', 'eso', facts.eso.capabilities, cli, facts.policies.esoReader));
  }
  return checks;
}

function reachable(facts: VaultFacts): Check {
  const { health } = facts;
  if (health.ok) return check('vault.reachable', 'Vault reachable', 'ok', `${facts.addr} answers sys/health`);
  const fix = health.tls
    ? "export VAULT_CACERT=/path/to/the-ca-that-signed-vault.pem   # the CA of Vault's TLS certificate"
    : `check VAULT_ADDR (now ${facts.addr}) and that the server runs: curl -sS ${facts.addr}/v1/sys/health`;
  return check('vault.reachable', 'Vault reachable', 'fail', health.error, fix);
}

function tls(facts: VaultFacts): Check {
  const title = 'TLS verified';
  if (/^http:/i.test(facts.addr)) {
    return LOOPBACK_HTTP.test(facts.addr)
      ? check('vault.tls', title, 'warn', 'plain http on the loopback interface: acceptable for a local dev server only')
      : check('vault.tls', title, 'fail', 'plain http to another host: the token and private keys cross the network unencrypted', 'give Vault a TLS listener (tls_cert_file, tls_key_file) and use https:// in VAULT_ADDR');
  }
  if (facts.skipVerify) return check('vault.tls', title, 'fail', "VAULT_SKIP_VERIFY is set: Vault's certificate is not verified, anyone on the path can impersonate it", 'unset VAULT_SKIP_VERIFY; export VAULT_CACERT=/path/to/vault-ca.pem');
  if (facts.health.ok) return check('vault.tls', title, 'ok', `Vault's certificate verified against ${facts.caCertGiven ? 'VAULT_CACERT' : 'the system CAs'}`);
  if (facts.health.tls) return check('vault.tls', title, 'fail', "Vault's certificate does not verify", "export VAULT_CACERT=/path/to/the-ca-that-signed-vault.pem");
  return check('vault.tls', title, 'skip', 'not checked: Vault cannot be reached');
}

function tokenTtl(id: string, title: string, token: Probed<TokenInfo>, warnDays: number, cli: string, loginFix: string, renewFix: string, adminPolicy: string): Check {
  if (!token.ok) return check(id, title, 'fail', `the token is invalid or expired (${token.error})`, loginFix);
  const t = token.value;
  const policies = `policies ${t.policies.join(', ') || 'none'}`;
  if (t.ttlSeconds === 0) {
    return t.policies.includes('root')
      ? check(id, title, 'warn', `a root token that never expires (${policies}): keep it for bootstrap only`, `${cli} token create -policy=${adminPolicy} -ttl=768h   # an admin token; revoke the root token when done`)
      : check(id, title, 'ok', `never expires (${policies})`);
  }
  const days = t.ttlSeconds / 86_400;
  const left = days >= 1 ? `${Math.floor(days)} days` : `${Math.round(t.ttlSeconds / 60)} minutes`;
  if (days < warnDays) return check(id, title, 'warn', `expires in ${left}${t.expireTime ? ` (${t.expireTime})` : ''} (${policies})`, t.renewable ? renewFix : loginFix);
  return check(id, title, 'ok', `${left} left (${policies})`);
}

function capabilityChecks(prefix: string, role: string, report: Probed<CapabilityReport>, cli: string, policy: string): Check[] {
  if (!report.ok) return [check(`${prefix}.capabilities`, `Capabilities (${role} role)`, 'fail', report.error, `${cli} token capabilities <path>   # to see what the token may do`)];
  return report.value.checks.map((c) => {
    const title = `${role} token on ${c.path}`;
    const wants = [c.needs.length > 0 ? `needs ${c.needs.join(',')}` : '', c.mustNot.length > 0 ? `must not ${c.mustNot.join(',')}` : ''].filter(Boolean).join(', ');
    const granted = `${c.purpose}: ${wants}; granted ${c.granted.join(',')}`;
    if (c.ok) return check(`${prefix}.capability:${c.path}`, title, 'ok', granted);
    const missing = c.needs.filter((n) => !c.granted.includes(n) && !c.granted.includes('root'));
    const excess = c.mustNot.filter((n) => c.granted.includes(n) || c.granted.includes('root'));
    const detail = missing.length > 0 ? `missing ${missing.join(',')} — ${granted}` : `has ${excess.join(',')}, which the ${role} role must not — ${granted}`;
    const fix =
      missing.length > 0
        ? `mtlsctl vault init   # writes the ${policy} policy; then use a token that has it: ${cli} token create -policy=${policy}`
        : `use a token with only the ${policy} policy: ${cli} token create -policy=${policy}`;
    return check(`${prefix}.capability:${c.path}`, title, 'fail', detail, fix);
  });
}

function audit(status: Probed<AuditStatus>): Check {
  const title = 'Audit device enabled';
  if (!status.ok) return check('vault.audit', title, 'warn', `cannot tell: ${status.error}`);
  const a = status.value;
  if (!a.known) return check('vault.audit', title, 'warn', `cannot tell: ${a.reason}`, 'rerun with a token that has sudo on sys/audit (e.g. root)');
  if (a.enabled) return check('vault.audit', title, 'ok', a.devices.map((d) => `${d.path} (${d.type})`).join(', '));
  const why = a.server === 'openbao' ? ' (OpenBao enables audit devices only from its server configuration, not through the API)' : '';
  return check('vault.audit', title, 'fail', `no audit device: reads of the CA key and of users’ p12 are not logged${why}`, a.howToEnable ?? 'enable an audit device');
}

function notReached(ids: string[], why: string): Check[] {
  const titles: Record<string, string> = {
    'vault.unsealed': 'Initialised and unsealed',
    'vault.server': 'Server type and version',
    'token.ttl': 'Token valid, TTL',
    'token.capabilities': 'Token capabilities',
    'vault.audit': 'Audit device enabled',
  };
  return ids.map((id) => check(id, titles[id] ?? id, 'skip', `not checked: ${why}`));
}

