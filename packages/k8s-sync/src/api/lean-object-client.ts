import { readFile } from 'node:fs/promises';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { KubernetesError } from '../kubernetes-error.js';
import { isObjectNotFound, toKubernetesError } from '../to-kubernetes-error.js';
import { describeRef, type KubeObjectBody, type KubeObjectClient, type KubeObjectRef } from './kube-connection.js';

/** How to reach and authenticate to the apiserver (PEM texts; a token file is re-read on every request). */
export interface LeanCredentials {
  server: string;
  ca?: string;
  skipVerify?: boolean;
  servername?: string;
  cert?: string;
  key?: string;
  token?: string;
  tokenFile?: string;
}

/** A non-2xx answer, shaped as `toKubernetesError` reads an API error (`code` = HTTP status, `body` = the Status). */
class ApiAnswer extends Error {
  constructor(
    readonly code: number,
    readonly body: string,
  ) {
    super(`HTTP ${code}`);
  }
}

const TIMEOUT_MS = 30_000;
const MAX_BODY = 16 * 1024 * 1024;

/**
 * {@link KubeObjectClient} over node:https with one keep-alive connection pool: a GET per read and a PATCH
 * (`application/merge-patch+json`) per write, at `/api/v1/...` or `/apis/<group>/<version>/...` with the
 * resource named by its kind (lowercase plural: the kinds mtlsctl reads). Errors go through `toKubernetesError`,
 * as the client-node ones do: a 404 about the object itself reads as undefined; a 404 for the resource (a kind the
 * cluster does not serve) is `KUBE_KIND_NOT_SERVED`.
 */
export function leanObjectClient(credentials: LeanCredentials): KubeObjectClient {
  const url = new URL(credentials.server);
  const tls = url.protocol === 'https:';
  const agent = tls
    ? new HttpsAgent({
        keepAlive: true,
        maxSockets: 4,
        rejectUnauthorized: credentials.skipVerify !== true,
        ...(credentials.ca !== undefined ? { ca: credentials.ca } : {}),
        ...(credentials.cert !== undefined && credentials.key !== undefined ? { cert: credentials.cert, key: credentials.key } : {}),
        ...(credentials.servername !== undefined ? { servername: credentials.servername } : {}),
      })
    : new HttpAgent({ keepAlive: true, maxSockets: 4 });
  const base = url.pathname.replace(/\/+$/, '');
  const server = credentials.server;

  const send = async (method: 'GET' | 'PATCH', path: string, body?: string): Promise<{ status: number; text: string }> => {
    const token = credentials.tokenFile !== undefined ? await readToken(credentials.tokenFile) : credentials.token;
    const headers: Record<string, string> = { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
    if (body !== undefined) Object.assign(headers, { 'content-type': 'application/merge-patch+json', 'content-length': String(Buffer.byteLength(body)) });
    return new Promise((resolve, reject) => {
      const request = (tls ? httpsRequest : httpRequest)(
        {
          protocol: url.protocol,
          hostname: url.hostname.replace(/^\[|\]$/g, ''),
          port: url.port,
          path: `${base}${path}`,
          method,
          headers,
          agent,
          timeout: TIMEOUT_MS,
        },
        (response: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY) response.destroy(Object.assign(new Error('answer too large'), { code: 'ERESPONSETOOLARGE' }));
            else chunks.push(chunk);
          });
          response.on('error', reject);
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      request.on('timeout', () => request.destroy(Object.assign(new Error(`no answer within ${TIMEOUT_MS} ms`), { code: 'ETIMEDOUT' })));
      request.on('error', reject);
      request.end(body);
    });
  };

  const call = async (ref: KubeObjectRef, method: 'GET' | 'PATCH', query: string, body?: string): Promise<KubeObjectBody | undefined> => {
    try {
      const answer = await send(method, `${objectPath(ref)}${query}`, body);
      if (answer.status >= 200 && answer.status < 300) return JSON.parse(answer.text) as KubeObjectBody;
      const failure = new ApiAnswer(answer.status, answer.text);
      if (answer.status === 404 && method === 'GET' && isObjectNotFound(failure) && namesObject(answer.text, ref)) return undefined;
      throw answer.status === 404 && !namesObject(answer.text, ref)
        ? new ApiAnswer(404, JSON.stringify({ message: 'the server could not find the requested resource' }))
        : failure;
    } catch (error) {
      throw toKubernetesError(error, { server, object: describeRef(ref) });
    }
  };

  return {
    read: (ref) => call(ref, 'GET', ''),
    async mergePatch(ref, patch, options) {
      const query = new URLSearchParams({ fieldManager: options.fieldManager, ...(options.dryRun ? { dryRun: 'All' } : {}) });
      return (await call(ref, 'PATCH', `?${query.toString()}`, JSON.stringify(patch)))!;
    },
  };
}

/** The bearer token of a token file (a pod's projected token is rotated by the kubelet: read it every time). */
async function readToken(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new KubernetesError(
      'KUBECONFIG_INVALID',
      `the apiserver token file ${file} cannot be read (${code}): mount the service-account token there or fix tokenFile`,
      undefined,
      error,
    );
  }
}

/** `/api/v1/namespaces/<ns>/<plural>/<name>` or `/apis/<group>/<version>/[namespaces/<ns>/]<plural>/<name>`. */
export function objectPath(ref: KubeObjectRef): string {
  const group = ref.apiVersion.includes('/') ? `/apis/${ref.apiVersion}` : `/api/${ref.apiVersion}`;
  const namespace = ref.namespace ? `/namespaces/${encodeURIComponent(ref.namespace)}` : '';
  return `${group}${namespace}/${pluralOf(ref.kind)}/${encodeURIComponent(ref.name)}`;
}

/** The resource name of a kind (Secret → secrets, ClusterSecretStore → clustersecretstores, Policy → policies). */
function pluralOf(kind: string): string {
  const lower = kind.toLowerCase();
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  return `${lower}s`;
}

/** The 404's Status is about this object (details.name), not about the resource path (a kind not served). */
function namesObject(text: string, ref: KubeObjectRef): boolean {
  try {
    return (JSON.parse(text) as { details?: { name?: string } }).details?.name === ref.name;
  } catch {
    return false;
  }
}
