// The entry module of a credentials worker thread when pki-core runs from its own build (dist/); a bundle has its own.
import { serveCredentialsWorker } from './serve-credentials-worker.js';

serveCredentialsWorker();
