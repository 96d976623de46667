import type { EmulatorRequest, EmulatorResponse, RoutePlan } from './emulator-request.js';
import { planKvRequest } from './kv-routes.js';
import type { MountTable } from './mount-table.js';
import type { PolicyStore } from './policy-store.js';
import { planSysRequest, type SysState } from './sys-routes.js';
import type { TokenStore } from './token-store.js';
import { planTokenRequest } from './token-routes.js';
import { VaultHttpError, permissionDenied } from './vault-http-error.js';

/** Everything the emulator holds, in memory. */
export interface VaultState extends SysState {
  tokens: TokenStore;
  mounts: MountTable;
  policies: PolicyStore;
  sealed: boolean;
  version: string;
}

/**
 * Answers one request as Vault would: unauthenticated health endpoints, 503 while sealed, 403 for an unknown
 * token or a request its policies do not allow (with `sudo` on root-protected paths), then the handler.
 */
export function routeRequest(request: EmulatorRequest, state: VaultState): EmulatorResponse {
  try {
    if (request.path === 'sys/health' && (request.method === 'GET' || request.method === 'HEAD')) return health(request, state);
    if (request.path === 'sys/seal-status' && request.method === 'GET') return { status: 200, body: sealStatus(state) };
    if (state.sealed) throw new VaultHttpError(503, ['Vault is sealed']);
    const token = state.tokens.lookup(request.token);
    if (!token) throw permissionDenied();
    const plan = planOf(request, state);
    const acl = state.policies.aclFor(token.policies);
    if (!acl.allows(plan.operation, plan.aclPath)) throw permissionDenied();
    if (plan.sudo && !acl.hasSudo(plan.aclPath, plan.operation)) throw permissionDenied();
    return plan.run({ token, acl });
  } catch (error) {
    if (error instanceof VaultHttpError) return { status: error.status, body: { errors: error.errors } };
    throw error;
  }
}

function planOf(request: EmulatorRequest, state: VaultState): RoutePlan {
  if (request.path.startsWith('sys/')) return planSysRequest(request, state);
  if (request.path.startsWith('auth/token/')) return planTokenRequest(request, state.tokens);
  const resolved = state.mounts.resolve(request.path);
  if (resolved?.mount.kv) return planKvRequest(request, resolved.mount.kv, resolved.mount.path, resolved.rest);
  // Vault checks the ACL before routing, so a caller without access sees 403 rather than 404.
  return {
    operation: request.method === 'LIST' ? 'list' : 'read',
    aclPath: request.path,
    run: () => {
      throw new VaultHttpError(404, [`no handler for route "${request.path}". route entry not found.`]);
    },
  };
}

function health(request: EmulatorRequest, state: VaultState): EmulatorResponse {
  const sealedCode = Number(request.query.get('sealedcode') ?? 503);
  const body = {
    initialized: true,
    sealed: state.sealed,
    standby: state.sealed,
    performance_standby: false,
    replication_performance_mode: 'disabled',
    replication_dr_mode: 'disabled',
    server_time_utc: Math.floor(Date.now() / 1000),
    version: state.version,
    cluster_name: state.sealed ? undefined : 'vault-emulator',
    cluster_id: state.sealed ? undefined : 'emulator',
  };
  return { status: state.sealed ? sealedCode : 200, body };
}

function sealStatus(state: VaultState): unknown {
  return { type: 'shamir', initialized: true, sealed: state.sealed, t: 1, n: 1, progress: 0, nonce: '', version: state.version, migration: false, recovery_seal: false, storage_type: 'inmem' };
}
