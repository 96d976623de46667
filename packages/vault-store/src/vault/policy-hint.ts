/**
 * Which mtlsctl policies grant access to a store path, for PermissionDeniedError messages.
 *
 * @param kvPath - the path under the store root, e.g. `ca`, `clients/alice`, `clients/`
 * @param access - `data-read` (reading a record), `metadata-read` (metadata or LIST), or `write`
 */
export function policyHintFor(kvPath: string, access: 'data-read' | 'metadata-read' | 'write'): string {
  if (access === 'data-read' && (kvPath === 'ca' || kvPath === 'crl')) return 'granted by the mtlsctl-admin, mtlsctl-verifier and eso-pki-reader policies';
  if (access === 'data-read' && kvPath.startsWith('clients/')) {
    return `granted by the mtlsctl-admin policy, and by mtlsctl-user-${kvPath.slice('clients/'.length)} for that user alone`;
  }
  if (access === 'metadata-read' && kvPath.startsWith('clients')) return 'granted by the mtlsctl-admin and mtlsctl-verifier policies';
  return 'granted by the mtlsctl-admin policy';
}
