import type { VaultClient } from '../vault/vault-client.js';
import type { PolicyLayout } from './render-policies.js';
import { vaultLayout } from '../vault-layout.js';

/** Whose token is being checked: what it must be able to do, and what it must not. */
export type StoreRole = 'admin' | 'verifier' | 'eso' | { user: string };

/** One path of the report. */
export interface CapabilityCheck {
  /** API path, e.g. `secret/data/pki/ca-key`. */
  path: string;
  purpose: string;
  /** Capabilities the role needs there. */
  needs: string[];
  /** Capabilities the role must NOT have there (e.g. ESO reading the CA key). */
  mustNot: string[];
  /** What Vault says the token has (`root` for a root token, `deny` for nothing). */
  granted: string[];
  ok: boolean;
}

/** The structured report `doctor` prints. */
export interface CapabilityReport {
  role: string;
  ok: boolean;
  checks: CapabilityCheck[];
}

const PROBE_USER = 'mtlsctl-capability-probe';

/**
 * Asks Vault (`sys/capabilities-self`) what the current token may do on each path its role needs, and flags
 * both what is missing and what is too much (an ESO token that can read the CA key, a verifier that can read
 * client records).
 *
 * @param client - a client holding the token to check
 * @param options.role - the role the token is meant to play
 * @param options.caKeyPath - the CA key's name (default `ca-key`)
 * @throws InvalidPathSegmentError when the mount or prefix is unsafe
 */
export async function checkCapabilities(client: VaultClient, options: PolicyLayout & { role: StoreRole; caKeyPath?: string }): Promise<CapabilityReport> {
  const layout = vaultLayout(options);
  const api = (area: string, path: string) => layout.api(area, path);
  const caKey = options.caKeyPath ?? 'ca-key';
  const expectations = expected(options.role, api, caKey);
  const granted = await client.send({
    method: 'POST',
    path: 'sys/capabilities-self',
    body: { paths: expectations.map((e) => e.path) },
    idempotent: true,
    capability: 'update',
    policyHint: 'granted to every token by the default policy',
    parse: (body) => ((body as { data?: Record<string, unknown> }).data ?? body) as Record<string, string[]>,
  });
  const checks = expectations.map((e) => {
    const has = granted?.[e.path] ?? ['deny'];
    const root = has.includes('root');
    const ok = e.needs.every((c) => root || has.includes(c)) && e.mustNot.every((c) => !root && !has.includes(c));
    return { ...e, granted: has, ok };
  });
  const role = typeof options.role === 'string' ? options.role : layout.userPolicy(options.role.user);
  return { role, ok: checks.every((c) => c.ok), checks };
}

function expected(role: StoreRole, api: (area: string, path: string) => string, caKey: string): Array<Omit<CapabilityCheck, 'granted' | 'ok'>> {
  const check = (path: string, purpose: string, needs: string[], mustNot: string[] = []) => ({ path, purpose, needs, mustNot });
  const rw = ['read', 'create', 'update'];
  if (role === 'admin') {
    return [
      check(api('data', 'ca'), 'CA record', rw),
      check(api('data', caKey), 'CA private key', rw),
      check(api('data', 'crl'), 'CRL', rw),
      check(api('data', `clients/${PROBE_USER}`), 'client records', rw),
      check(api('metadata', 'clients/'), 'list clients', ['list']),
      check(api('metadata', `clients/${PROBE_USER}`), 'client inventory and history', ['read', 'update', 'delete']),
      check(api('delete', `clients/${PROBE_USER}`), 'soft delete', ['update']),
      check(api('undelete', `clients/${PROBE_USER}`), 'undelete', ['update']),
      check(api('destroy', `clients/${PROBE_USER}`), 'destroy versions', ['update']),
    ];
  }
  if (role === 'verifier') {
    return [
      check(api('data', 'ca'), 'CA bundle', ['read']),
      check(api('data', 'crl'), 'CRL', ['read']),
      check(api('metadata', 'clients/'), 'list clients', ['list']),
      check(api('metadata', `clients/${PROBE_USER}`), 'client inventory', ['read']),
      check(api('data', `clients/${PROBE_USER}`), 'client records (private keys)', [], ['read']),
      check(api('data', caKey), 'CA private key', [], ['read']),
    ];
  }
  if (role === 'eso') {
    return [
      check(api('data', 'ca'), 'CA bundle synced to the ingress', ['read']),
      check(api('data', 'crl'), 'CRL', ['read']),
      check(api('data', caKey), 'CA private key', [], ['read', 'list']),
      check(api('data', `clients/${PROBE_USER}`), 'client records (private keys)', [], ['read']),
      check(api('metadata', `clients/${PROBE_USER}`), 'client inventory', [], ['read']),
    ];
  }
  return [
    check(api('data', `clients/${role.user}`), 'own certificate', ['read']),
    check(api('data', `clients/${role.user}-probe`), "another user's certificate", [], ['read']),
    check(api('data', caKey), 'CA private key', [], ['read']),
  ];
}
