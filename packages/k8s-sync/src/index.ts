export { type KubernetesObject, MANAGED_BY, ESO_API_VERSION } from './kubernetes-object.js';
export { InvalidSyncOptionError } from './invalid-sync-option-error.js';
export { resolveSyncLayout, DEFAULT_SYNC_LAYOUT, type SyncLayout, type ObjectRef } from './sync-layout.js';
export { renderClusterSecretStore } from './cluster-secret-store.js';
export { renderExternalSecret } from './external-secret.js';
export { renderEsoTokenSecret } from './eso-token-secret.js';
export { renderControllerConfigMap } from './controller-config-map.js';
export { renderSyncManifests, toYamlDocuments } from './render-sync-manifests.js';
