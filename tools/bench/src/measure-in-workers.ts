import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { IssueWorkerData } from './issue-worker.js';
import type { RateMeasurement } from './measure-rate.js';

/**
 * Measures mtlsctl issuance in `workers` worker threads of this process at once: each warms up, then all start
 * together and run for `seconds`; the combined rate is all operations over the longest worker's time.
 *
 * @param params.workers - how many worker threads
 * @param params.data - what each worker runs (CA, key type, window, in-flight calls per worker)
 */
export async function measureInWorkers(params: { workers: number; data: IssueWorkerData }): Promise<RateMeasurement> {
  const script = new URL('./issue-worker.js', import.meta.url);
  const workers = Array.from({ length: params.workers }, () => new Worker(script, { workerData: params.data }));
  try {
    await Promise.all(workers.map(async (worker) => expectMessage(worker, 'ready')));
    const results = workers.map(async (worker) => (await once(worker, 'message'))[0] as RateMeasurement);
    for (const worker of workers) worker.postMessage('start');
    const measurements = await Promise.all(results);
    const operations = measurements.reduce((sum, m) => sum + m.operations, 0);
    const seconds = Math.max(...measurements.map((m) => m.seconds));
    return { operations, seconds, perSecond: operations / seconds };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

async function expectMessage(worker: Worker, expected: string): Promise<void> {
  const [message] = (await Promise.race([once(worker, 'message'), once(worker, 'error').then(([error]) => Promise.reject(error))])) as [unknown];
  if (message !== expected) throw new Error(`issue worker sent ${String(message)} instead of ${expected}`);
}
