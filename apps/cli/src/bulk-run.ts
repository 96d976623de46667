import { createProgress } from './render/progress.js';

/** What a bulk run's body gets: progress to report, and whether Ctrl-C / SIGTERM asked it to stop. */
export interface BulkControl {
  onProgress(done: number, total: number): void;
  shouldStop(): boolean;
}

/**
 * Runs a bulk operation the way every mtlsctl bulk command does: a progress bar (or a line every 10% when
 * stderr is not a terminal) unless `quiet`, and SIGINT/SIGTERM finish the users in progress instead of killing
 * the process, so the store is left resumable.
 *
 * @returns the body's result, and whether it was interrupted (exit 130: run the same command again)
 */
export async function runBulk<T>(label: string, quiet: boolean, body: (control: BulkControl) => Promise<T>): Promise<{ result: T; interrupted: boolean }> {
  const progress = quiet ? undefined : createProgress(label);
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    process.stderr.write('\ninterrupted: finishing the users in progress; run the same command again to resume.\n');
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const result = await body({ onProgress: (done, total) => progress?.update(done, total), shouldStop: () => interrupted });
    return { result, interrupted };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress?.end();
  }
}
