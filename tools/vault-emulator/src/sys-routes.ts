import type { MountTable } from './mount-table.js';
import type { PolicyStore } from './policy-store.js';
import { envelope, operationOf, type EmulatorRequest, type RoutePlan } from './emulator-request.js';
import { VaultHttpError, badRequest } from './vault-http-error.js';

/** The `sys/` state the routes act on. */
export interface SysState {
  mounts: MountTable;
  policies: PolicyStore;
  audits: Map<string, { type: string; description: string; options: Record<string, string>; path: string; local: boolean }>;
}

/**
 * Plans a request under `sys/`: mounts, ACL policies, audit devices and `capabilities-self`.
 * (`sys/health` and `sys/seal-status` are unauthenticated and answered by the router.)
 */
export function planSysRequest(request: EmulatorRequest, state: SysState): RoutePlan {
  const { method, body, path } = request;
  const rest = path.slice('sys/'.length);
  const plan = (run: RoutePlan['run'], sudo = false): RoutePlan => ({ operation: operationOf(method, true), aclPath: method === 'LIST' && !path.endsWith('/') ? `${path}/` : path, sudo, run });
  const withData = (data: Record<string, unknown>) => ({ status: 200, body: { ...data, ...envelope({ data }) } });
  const noContent = { status: 204 };

  if (rest === 'mounts' && method === 'GET') return plan(() => withData(state.mounts.describeAll() as Record<string, unknown>));
  const tune = /^mounts\/(.+)\/tune$/.exec(rest);
  if (tune) {
    const mountPath = tune[1] as string;
    if (method === 'GET') return plan(() => withData({ ...(state.mounts.describe(mountPath) as Record<string, unknown>), default_lease_ttl: 2764800, max_lease_ttl: 2764800 }));
    if (method === 'POST' || method === 'PUT') return plan(() => (state.mounts.tune(mountPath, body), noContent));
  }
  if (rest.startsWith('mounts/')) {
    const mountPath = rest.slice('mounts/'.length);
    if (method === 'GET') return plan(() => withData(state.mounts.describe(mountPath) as Record<string, unknown>));
    if (method === 'POST' || method === 'PUT') return plan(() => (state.mounts.enable(mountPath, body), noContent));
    if (method === 'DELETE') return plan(() => (state.mounts.disable(mountPath), noContent));
  }
  if (rest === 'policies/acl' || rest === 'policies/acl/') {
    if (method === 'LIST') return plan(() => withData({ keys: state.policies.names(), policies: state.policies.names() }));
  }
  if (rest.startsWith('policies/acl/') && rest.length > 'policies/acl/'.length) {
    const name = rest.slice('policies/acl/'.length);
    if (method === 'GET') {
      return plan(() => {
        const text = state.policies.get(name);
        if (text === undefined) throw new VaultHttpError(404, []);
        return withData({ name: name.toLowerCase(), policy: text });
      });
    }
    if (method === 'POST' || method === 'PUT') return plan(() => (state.policies.put(name, body['policy']), noContent));
    if (method === 'DELETE') return plan(() => (state.policies.delete(name), noContent));
  }
  if (rest === 'audit' && method === 'GET') {
    return plan(() => withData(Object.fromEntries([...state.audits.values()].map((a) => [a.path, a]))), true);
  }
  if (rest.startsWith('audit/') && rest.length > 'audit/'.length) {
    const devicePath = rest.slice('audit/'.length).replace(/\/?$/, '/');
    if (method === 'POST' || method === 'PUT') {
      return plan(() => {
        if (state.audits.has(devicePath)) throw badRequest(`path already in use`);
        const type = typeof body['type'] === 'string' ? body['type'] : '';
        if (!['file', 'syslog', 'socket'].includes(type)) throw badRequest(`unknown backend type: "${type}"`);
        const options = Object.fromEntries(Object.entries((body['options'] as Record<string, unknown>) ?? {}).map(([k, v]) => [k, String(v)]));
        state.audits.set(devicePath, { type, description: String(body['description'] ?? ''), options, path: devicePath, local: false });
        return noContent;
      }, true);
    }
    if (method === 'DELETE') return plan(() => (state.audits.delete(devicePath), noContent), true);
  }
  if (rest === 'capabilities-self' && (method === 'POST' || method === 'PUT')) {
    return plan(({ acl }) => {
      const single = typeof body['path'] === 'string' ? [body['path']] : undefined;
      const paths = single ?? (Array.isArray(body['paths']) ? body['paths'].map(String) : []);
      if (paths.length === 0) throw badRequest("'paths' must be supplied");
      const data: Record<string, unknown> = Object.fromEntries(paths.map((p) => [p, acl.capabilities(p)]));
      if (paths.length === 1) data['capabilities'] = acl.capabilities(paths[0] as string);
      return withData(data);
    });
  }
  throw new VaultHttpError(404, [`no handler for route "${path}". route entry not found.`]);
}
