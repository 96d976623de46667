import { spawn } from 'node:child_process';
import { copyFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port.js';
import { httpGetJson } from './http-get-json.js';
import { makeTempDir } from './temp-dir.js';

/** What {@link startPrometheus} scrapes and evaluates. */
export interface StartPrometheusOptions {
  /** Scrape jobs: job name → `host:port` targets (scheme http, path /metrics). */
  scrape: Record<string, string[]>;
  /** Rule files (copied into Prometheus's directory). */
  ruleFiles?: string[];
  /** Scrape and rule evaluation interval (default `1s`). */
  interval?: string;
  startTimeoutMs?: number;
}

/** One alert as `GET /api/v1/alerts` reports it. */
export interface PrometheusAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
  value: string;
}

/** A running Prometheus. `stop()` kills it and deletes its data. */
export interface PrometheusServer {
  url: string;
  /** The active (pending or firing) alerts. */
  alerts(): Promise<PrometheusAlert[]>;
  /** An instant query's result vector. */
  query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** The scrape targets and their health. */
  targets(): Promise<{ labels: Record<string, string>; health: string; lastError: string }[]>;
  logs(): string;
  stop(): Promise<void>;
}

/**
 * Runs the real `prometheus` (Debian package `prometheus`) on 127.0.0.1 and a free port, with its own TSDB in a
 * temp dir, scraping `options.scrape` and evaluating `options.ruleFiles` every `interval`. Resolves once
 * `/-/ready` answers 200.
 *
 * @example
 * const prometheus = await startPrometheus({ scrape: { 'mtlsctl-sync-verifier': [`127.0.0.1:${port}`] }, ruleFiles: [rules] });
 * const firing = (await prometheus.alerts()).filter((a) => a.state === 'firing');
 * await prometheus.stop();
 */
export async function startPrometheus(options: StartPrometheusOptions): Promise<PrometheusServer> {
  const dir = await makeTempDir('mtlsctl-prometheus-');
  const interval = options.interval ?? '1s';
  const rules: string[] = [];
  for (const [i, file] of (options.ruleFiles ?? []).entries()) {
    const target = join(dir.path, `${i}-${basename(file)}`);
    await copyFile(file, target);
    rules.push(target);
  }
  const jobs = Object.entries(options.scrape).map(([job, targets]) => ({ job_name: job, scrape_interval: interval, static_configs: [{ targets }] }));
  const config = { global: { scrape_interval: interval, evaluation_interval: interval }, rule_files: rules, scrape_configs: jobs };
  await writeFile(join(dir.path, 'prometheus.yml'), JSON.stringify(config, null, 2)); // JSON is YAML
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const child = spawn(
    'prometheus',
    [`--config.file=${join(dir.path, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir.path, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { cwd: dir.path, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  child.stdout.on('data', (c: Buffer) => output.push(c.toString()));
  child.stderr.on('data', (c: Buffer) => output.push(c.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([exited, sleep(5000).then(() => child.kill('SIGKILL'))]);
    await dir.remove();
  };
  const deadline = Date.now() + (options.startTimeoutMs ?? 20_000);
  for (;;) {
    if (spawnError) {
      await dir.remove();
      throw new Error((spawnError as NodeJS.ErrnoException).code === 'ENOENT' ? 'prometheus is not installed: apt-get install prometheus (scripts/ensure-deps.sh installs it)' : spawnError.message);
    }
    if (child.exitCode !== null) {
      await dir.remove();
      throw new Error(`prometheus exited with ${child.exitCode}:\n${output.join('')}`);
    }
    const ready = await httpGetJson(`${url}/-/ready`, { timeoutMs: 1000 }).catch(() => undefined);
    if (ready?.status === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus did not become ready:\n${output.join('')}`);
    }
    await sleep(100);
  }
  const api = async <T>(path: string): Promise<T> => {
    const answer = await httpGetJson(`${url}/api/v1/${path}`);
    const body = answer.body as { status?: string; data?: T; error?: string } | undefined;
    if (answer.status !== 200 || body?.status !== 'success') throw new Error(`prometheus ${path}: HTTP ${answer.status} ${body?.error ?? ''}`);
    return body.data as T;
  };
  return {
    url,
    alerts: async () => (await api<{ alerts: PrometheusAlert[] }>('alerts')).alerts,
    query: async (promql) => (await api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(`query?query=${encodeURIComponent(promql)}`)).result,
    targets: async () => (await api<{ activeTargets: { labels: Record<string, string>; health: string; lastError: string }[] }>('targets')).activeTargets,
    logs: () => output.join(''),
    stop,
  };
}
