import type { KvV2Engine } from './kv-v2-engine.js';
import { envelope, operationOf, type EmulatorRequest, type RoutePlan } from './emulator-request.js';
import { VaultHttpError } from './vault-http-error.js';

/**
 * Plans a request to a KV v2 mount: `data/`, `metadata/`, `delete/`, `undelete/`, `destroy/`, `config`.
 *
 * @param request - the request
 * @param mountPath - the mount, e.g. `secret/`
 * @param rest - the path inside the mount, e.g. `data/pki/ca`
 */
export function planKvRequest(request: EmulatorRequest, engine: KvV2Engine, mountPath: string, rest: string): RoutePlan {
  const slash = rest.indexOf('/');
  const area = slash < 0 ? rest : rest.slice(0, slash);
  const key = slash < 0 ? '' : rest.slice(slash + 1);
  const { method, body } = request;
  const full = mountPath + rest;
  const plan = (exists: boolean, run: RoutePlan['run'], aclPath = full): RoutePlan => ({ operation: operationOf(method, exists), aclPath, run });
  const ok = (data: unknown) => ({ status: 200, body: envelope({ data, mountType: 'kv' }) });
  const noContent = { status: 204 };

  if (area === 'config' && key === '') {
    if (method === 'GET') return plan(true, () => ok(engine.readConfig()));
    if (method === 'POST' || method === 'PUT') return plan(true, () => (engine.writeConfig(body), noContent));
  }
  if (area === 'data' && key !== '') {
    if (method === 'GET') {
      return plan(true, () => {
        const version = Number(request.query.get('version') ?? 0);
        const answer = engine.read(key, Number.isInteger(version) ? version : 0);
        return { status: answer.status, body: envelope({ data: answer.data, mountType: 'kv' }) };
      });
    }
    if (method === 'POST' || method === 'PUT') return plan(engine.exists(key), () => ok(engine.write(key, body)));
    if (method === 'DELETE') return plan(true, () => (engine.deleteLatest(key), noContent));
  }
  if (area === 'metadata') {
    if (method === 'LIST') return plan(true, () => ok(engine.list(key)), full.endsWith('/') ? full : `${full}/`);
    if (key !== '') {
      if (method === 'GET') return plan(true, () => ok(engine.readMetadata(key)));
      if (method === 'POST' || method === 'PUT') return plan(engine.exists(key), () => (engine.writeMetadata(key, body), noContent));
      if (method === 'DELETE') return plan(true, () => (engine.deleteMetadata(key), noContent));
    }
  }
  if ((area === 'delete' || area === 'undelete' || area === 'destroy') && key !== '' && (method === 'POST' || method === 'PUT')) {
    return plan(true, () => (engine.changeVersions(area, key, body), noContent));
  }
  throw new VaultHttpError(405, ['unsupported operation']);
}
