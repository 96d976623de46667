import { setTimeout as sleep } from 'node:timers/promises';

/** Options of {@link VerificationLoop}. */
export interface VerificationLoopOptions {
  /** Runs one cycle; resolves true when every source was read (false: a source failed, retry sooner). */
  cycle: (signal: AbortSignal) => Promise<boolean>;
  intervalMs: number;
  /** Each wait is multiplied by 1 ± jitter (default 0.1). */
  jitter?: number;
  /** First retry delay after a failed cycle, doubled per consecutive failure, capped at the interval (default 5 s). */
  retryBaseMs?: number;
  /** Random source for the jitter (default Math.random). */
  random?: () => number;
  /** Called when a cycle throws (it should not: failures are its result). */
  onError?: (error: unknown) => void;
}

/**
 * Runs cycles forever: the first at once, then every interval with jitter (so replicas and restarts do not
 * line up), sooner with exponential backoff after a failed cycle. `stop()` aborts the running cycle through its
 * AbortSignal and resolves once it has returned, so a SIGTERM mid-cycle exits cleanly.
 *
 * @example
 * const loop = new VerificationLoop({ cycle: (signal) => runCycle(deps, signal), intervalMs: 60_000 });
 * loop.start();
 * process.once('SIGTERM', () => loop.stop().then(() => server.close()));
 */
export class VerificationLoop {
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  private failures = 0;
  /** When the last cycle started (for /healthz: a stuck loop is unhealthy). */
  lastStartedAt: Date | undefined;
  /** Cycles completed. */
  completed = 0;

  constructor(private readonly options: VerificationLoopOptions) {}

  /** Starts the loop (once). */
  start(): void {
    this.running ??= this.run();
  }

  /** Aborts the current cycle and the wait, and resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  /** The delay before the next cycle, given whether the last one read every source. Exposed for tests. */
  nextDelayMs(ok: boolean): number {
    const { intervalMs, jitter = 0.1, retryBaseMs = 5000, random = Math.random } = this.options;
    this.failures = ok ? 0 : this.failures + 1;
    const base = ok ? intervalMs : Math.min(intervalMs, retryBaseMs * 2 ** (this.failures - 1));
    return Math.max(0, Math.round(base * (1 + jitter * (2 * random() - 1))));
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      this.lastStartedAt = new Date();
      let ok = false;
      try {
        ok = await this.options.cycle(signal);
      } catch (error) {
        if (!signal.aborted) this.options.onError?.(error);
      }
      this.completed++;
      if (signal.aborted) break;
      try {
        await sleep(this.nextDelayMs(ok), undefined, { signal });
      } catch {
        break; // aborted while waiting
      }
    }
  }
}
