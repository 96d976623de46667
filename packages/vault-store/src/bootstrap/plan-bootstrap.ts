import type { VaultClient } from '../vault/vault-client.js';
import { vaultLayout, type VaultLayout } from '../vault-layout.js';
import { inspectKvMount } from './ensure-kv-mount.js';
import { lookupAccessor, readEsoTokenRecord, type EsoTokenRecord, type LiveToken } from './eso-token-record.js';
import { lineDiff } from './line-diff.js';
import { renderPolicies, renderUserPolicy, usersTemplatePolicy, type PolicyLayout } from './render-policies.js';
import { policyToHcl } from './policy-document.js';
import { authAccessor } from './auth-accessor.js';
import { readPolicy } from './write-policies.js';

/** What `vault init` is asked to do. */
export interface BootstrapPlanOptions extends PolicyLayout {
  /** Also write `mtlsctl-user-<name>` policies for these users. */
  users?: string[];
  /**
   * Also write the one templated users policy (`mtlsctl-users`) for the users of the auth method at this path
   * (`userpass`, `ldap`, `oidc`): each reads the record named after their login, no policy per user.
   */
  usersAuth?: string;
  /** Manage the ESO token (default true). */
  esoToken?: boolean;
  /** Mint a new ESO token even though the recorded one is still valid (the old one stays valid until revoked). */
  rotateEsoToken?: boolean;
}

/** One policy's fate: the text it would get, and the diff from what Vault has. */
export interface PolicyChange {
  name: string;
  action: 'create' | 'update' | 'unchanged';
  text: string;
  /** `lineDiff(current, text)`: empty when unchanged. */
  diff: string[];
}

/** What the ESO token step would do, and why. */
export interface EsoTokenStep {
  action: 'create' | 'keep' | 'rotate' | 'skip';
  reason: string;
  record?: EsoTokenRecord;
  /** The recorded token, when it is still valid. */
  current?: LiveToken;
}

/** Everything `vault init` would change, read from Vault without changing it. */
export interface BootstrapPlan {
  layout: VaultLayout;
  mount: 'create' | 'existing';
  policies: PolicyChange[];
  esoToken: EsoTokenStep;
  /** False when a run would change nothing. */
  changes: boolean;
}

/**
 * Reads what `vault init` would change: the KV v2 mount, each policy (with a line diff against what Vault has),
 * and whether a new ESO token would be minted (only when none is recorded, the recorded one is gone, or
 * `rotateEsoToken`). Writes nothing: this is `vault init --dry-run`, and the first half of {@link bootstrapVault}.
 *
 * @throws VaultMountError (KV v1 or another engine at the mount), InvalidPathSegmentError (unsafe layout), PermissionDeniedError
 */
export async function planBootstrap(client: VaultClient, options: BootstrapPlanOptions = {}): Promise<BootstrapPlan> {
  const layout = vaultLayout(options);
  const desired = { ...renderPolicies(layout) };
  for (const user of options.users ?? []) desired[layout.userPolicy(user)] = renderUserPolicy(user, layout);
  if (options.usersAuth) desired[layout.policies.users] = policyToHcl(usersTemplatePolicy((await authAccessor(client, options.usersAuth)).accessor, layout));
  const mount = (await inspectKvMount(client, layout.mount)) === 'existing' ? 'existing' : 'create';
  const policies: PolicyChange[] = [];
  for (const [name, text] of Object.entries(desired)) {
    const current = await readPolicy(client, name);
    const action = current === undefined ? 'create' : current.trim() === text.trim() ? 'unchanged' : 'update';
    policies.push({ name, action, text, diff: action === 'unchanged' ? [] : lineDiff(current ?? '', text) });
  }
  const esoToken = await esoTokenStep(client, layout, options, mount === 'existing');
  return { layout, mount, policies, esoToken, changes: mount === 'create' || policies.some((p) => p.action !== 'unchanged') || esoToken.action === 'create' || esoToken.action === 'rotate' };
}

async function esoTokenStep(client: VaultClient, layout: VaultLayout, options: BootstrapPlanOptions, mounted: boolean): Promise<EsoTokenStep> {
  if (options.esoToken === false) return { action: 'skip', reason: 'not asked for (--no-eso-token)' };
  // The record lives in the mount: none yet when the mount is not there.
  const record = mounted ? await readEsoTokenRecord(client, layout) : undefined;
  if (!record?.accessor) return { action: 'create', reason: 'none recorded for this mount and prefix', ...(record ? { record } : {}) };
  const current = await lookupAccessor(client, record.accessor);
  if (!current) return { action: 'create', reason: `the recorded token (accessor ${record.accessor}) is gone: expired or revoked`, record };
  if (options.rotateEsoToken) return { action: 'rotate', reason: 'asked for (--rotate-eso-token)', record, current };
  return { action: 'keep', reason: 'the recorded token is still valid (--rotate-eso-token mints a new one)', record, current };
}
