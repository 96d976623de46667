import { randomUUID } from 'node:crypto';
import type { Acl, Operation } from './acl.js';
import type { TokenEntry } from './token-store.js';

/** A request as the router sees it: the API path after `/v1/` (percent-decoded), LIST already resolved. */
export interface EmulatorRequest {
  /** `GET`, `POST`, `PUT`, `DELETE`, `PATCH`, `HEAD` or `LIST` (also for `GET ?list=true`). */
  method: string;
  path: string;
  query: URLSearchParams;
  token: string | undefined;
  body: Record<string, unknown>;
}

/** The status and JSON body of an answer (no body for 204). */
export interface EmulatorResponse {
  status: number;
  body?: unknown;
}

/** The caller, once its token is known. */
export interface Caller {
  token: TokenEntry;
  acl: Acl;
}

/**
 * What a route needs checked before it runs: the ACL operation on `aclPath`, and `sudo` for root-protected
 * endpoints. `run` performs it.
 */
export interface RoutePlan {
  operation: Operation;
  aclPath: string;
  sudo?: boolean;
  run: (caller: Caller) => EmulatorResponse;
}

/** Vault's response envelope around `data` (or `auth`). */
export function envelope(fields: { data?: unknown; auth?: unknown; warnings?: string[] | null; mountType?: string } = {}): Record<string, unknown> {
  return {
    request_id: randomUUID(),
    lease_id: '',
    renewable: false,
    lease_duration: 0,
    data: fields.data ?? null,
    wrap_info: null,
    warnings: fields.warnings ?? null,
    auth: fields.auth ?? null,
    mount_type: fields.mountType ?? '',
  };
}

/** The HTTP method → ACL operation mapping; POST/PUT become create or update by the existence check. */
export function operationOf(method: string, exists: boolean): Operation {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return 'read';
    case 'LIST':
      return 'list';
    case 'DELETE':
      return 'delete';
    case 'PATCH':
      return 'patch';
    default:
      return exists ? 'update' : 'create';
  }
}
