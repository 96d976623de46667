import type { VaultClient } from './vault-client.js';

/** Which server speaks the Vault API: HashiCorp Vault or its fork OpenBao (they differ in places, e.g. audit devices). */
export type VaultServerFlavour = 'vault' | 'openbao';

/** What `sys/health` says about the server. */
export interface VaultServerInfo {
  flavour: VaultServerFlavour;
  version: string;
  initialized: boolean;
  sealed: boolean;
  standby: boolean;
}

/**
 * Reads `sys/health` (no token needed), asking for 200 whatever the state, and tells Vault from OpenBao:
 * Vault's answer carries `enterprise` (true or false), OpenBao's does not.
 *
 * @param client - any Vault client
 */
export async function vaultServerInfo(client: VaultClient): Promise<VaultServerInfo> {
  const body = (await client.send({
    method: 'GET',
    path: 'sys/health',
    query: { standbyok: 'true', perfstandbyok: 'true', sealedcode: '200', uninitcode: '200' },
    idempotent: true,
    capability: 'none',
    policyHint: 'sys/health needs no token',
    parse: (b) => (b ?? {}) as Record<string, unknown>,
  })) ?? {};
  return {
    flavour: 'enterprise' in body ? 'vault' : 'openbao',
    version: String(body['version'] ?? ''),
    initialized: body['initialized'] === true,
    sealed: body['sealed'] === true,
    standby: body['standby'] === true,
  };
}
