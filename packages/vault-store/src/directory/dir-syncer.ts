import { syncDir } from './fs-utils.js';

/**
 * Shares directory fsyncs between concurrent commits: a commit that needs directory `d` durable waits for an
 * fsync of `d` that started after its own change. When one is running, the next is queued, and every commit
 * that arrives meanwhile rides on that one — so N concurrent commits into one directory (a bulk run creating
 * users under `clients/`) cost about two fsyncs instead of N, and none is reported done before its entry is on
 * the disk.
 */
export class DirSyncer {
  private readonly running = new Map<string, Promise<void>>();
  private readonly queued = new Map<string, Promise<void>>();

  /** @param fsyncDir - how one directory is fsynced (a test seam; default open, fsync, close) */
  constructor(private readonly fsyncDir: (dir: string) => Promise<void> = syncDir) {}

  /** Resolves once an fsync of `dir` that began after this call has completed. */
  sync(dir: string): Promise<void> {
    const queued = this.queued.get(dir);
    if (queued) return queued;
    const running = this.running.get(dir);
    if (!running) return this.start(dir);
    const next = running.catch(() => undefined).then(() => {
      this.queued.delete(dir);
      return this.start(dir);
    });
    this.queued.set(dir, next);
    return next;
  }

  private start(dir: string): Promise<void> {
    const run = this.fsyncDir(dir).finally(() => {
      if (this.running.get(dir) === run) this.running.delete(dir);
    });
    this.running.set(dir, run);
    return run;
  }
}
