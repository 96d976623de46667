import type { TokenCreateRequest, TokenEntry, TokenStore } from './token-store.js';
import { envelope, type EmulatorRequest, type RoutePlan } from './emulator-request.js';
import { VaultHttpError } from './vault-http-error.js';

/** Plans `auth/token/create`, `auth/token/create-orphan` and `auth/token/lookup-self`. */
export function planTokenRequest(request: EmulatorRequest, tokens: TokenStore): RoutePlan {
  const { method, path, body } = request;
  if ((path === 'auth/token/create' || path === 'auth/token/create-orphan') && (method === 'POST' || method === 'PUT')) {
    return {
      operation: 'update',
      aclPath: path,
      run: ({ token, acl }) => {
        const created = tokens.create(token, body as TokenCreateRequest, acl.hasSudo(path, 'update'), path.endsWith('-orphan'));
        return { status: 200, body: envelope({ auth: authOf(created), warnings: null }) };
      },
    };
  }
  if (path === 'auth/token/lookup-self' && method === 'GET') {
    return {
      operation: 'read',
      aclPath: path,
      run: ({ token }) => ({ status: 200, body: envelope({ data: lookupOf(token, tokens.remaining(token)) }) }),
    };
  }
  throw new VaultHttpError(405, ['unsupported operation']);
}

function authOf(t: TokenEntry): unknown {
  return {
    client_token: t.id,
    accessor: t.accessor,
    policies: t.policies,
    token_policies: t.policies,
    metadata: t.meta,
    lease_duration: t.ttl,
    renewable: t.renewable,
    entity_id: '',
    token_type: 'service',
    orphan: t.orphan,
    mfa_requirement: null,
    num_uses: t.numUses,
  };
}

function lookupOf(t: TokenEntry, remaining: number): unknown {
  return {
    accessor: t.accessor,
    creation_time: Math.floor(t.issueTime.getTime() / 1000),
    creation_ttl: t.ttl,
    display_name: t.displayName,
    entity_id: '',
    expire_time: t.ttl === 0 ? null : new Date(t.issueTime.getTime() + t.ttl * 1000).toISOString(),
    explicit_max_ttl: 0,
    id: t.id,
    issue_time: t.issueTime.toISOString(),
    meta: t.meta,
    num_uses: t.numUses,
    orphan: t.orphan,
    path: t.path,
    policies: t.policies,
    renewable: t.renewable,
    ttl: remaining,
    type: 'service',
  };
}
