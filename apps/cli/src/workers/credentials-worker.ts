// The entry module of `user issue --from`'s worker threads (bundled as dist/bundle/workers/credentials-worker.js):
// each signs users for the CA the run loaded, handed to it as a CryptoKey (see pki-core CredentialsWorkers).
import { serveCredentialsWorker } from '@mtlsctl/pki-core';

serveCredentialsWorker();
