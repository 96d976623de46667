import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { baoCli, spawnBaoServer, waitForBao, type BaoProcess } from './bao-process.js';
import { freePort } from './free-port.js';
import { httpGetJson } from './http-get-json.js';
import { makeTempDir } from './temp-dir.js';

/** One node of a {@link BaoRaftCluster}. */
export interface BaoRaftNode {
  /** `node1`, `node2`, … */
  id: string;
  /** `http://127.0.0.1:<port>` */
  addr: string;
  /** The current server process (replaced by `restart()`). */
  process(): BaoProcess;
  /** Sends `signal` (default SIGKILL: `kill -9`) and waits until the process is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the node again on its Raft data and unseals it. */
  restart(): Promise<void>;
}

/** A running three-node (or n-node) OpenBao cluster on file-backed Raft storage in a temp dir. */
export interface BaoRaftCluster {
  nodes: BaoRaftNode[];
  /** The root token `bao operator init` returned. */
  token: string;
  unsealKey: string;
  /** The node answering `sys/health` 200 (the active one), polling until one does (default 30 s). */
  active(timeoutMs?: number): Promise<BaoRaftNode>;
  /** Nodes answering as unsealed standbys (`sys/health` 429). */
  standbys(): Promise<BaoRaftNode[]>;
  /** Runs the `bao` CLI as root against one node; resolves with stdout. */
  cli(node: BaoRaftNode, args: readonly string[]): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts `size` (default 3) `bao server` processes on 127.0.0.1 with Raft storage in temp dirs, initializes
 * the first (one Shamir key), unseals it, joins the others with `bao operator raft join` and unseals them, and
 * waits until every node is a Raft voter. Resolves with node 1 active.
 *
 * @example
 * const cluster = await startBaoRaftCluster();
 * const [standby] = await cluster.standbys();
 * await (await cluster.active()).kill();   // kill -9 the leader; a standby is elected
 */
export async function startBaoRaftCluster(options: { size?: number; timeoutMs?: number } = {}): Promise<BaoRaftCluster> {
  const size = options.size ?? 3;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const dir = await makeTempDir('mtlsctl-bao-raft-');
  const procs: BaoProcess[] = [];
  let token = '';
  let unsealKey = '';
  const cli = (node: { addr: string }, args: readonly string[]) => baoCli({ addr: node.addr, token, home: dir.path }, args);
  try {
    const specs: RaftSpec[] = [];
    for (let i = 1; i <= size; i++) {
      const [port, clusterPort] = [await freePort(), await freePort()];
      const id = `node${i}`;
      const data = join(dir.path, id);
      await mkdir(data, { mode: 0o700 });
      const configPath = join(dir.path, `${id}.hcl`);
      await writeFile(configPath, raftNodeConfig({ id, data, port, clusterPort }));
      specs.push({ id, addr: `http://127.0.0.1:${port}`, configPath });
    }
    const start = (i: number) => {
      const spec = specs[i] as RaftSpec;
      procs[i] = spawnBaoServer([`-config=${spec.configPath}`], dir.path);
      return procs[i] as BaoProcess;
    };
    const answering = (status: number) => status > 0;
    const unseal = async (i: number) => {
      const spec = specs[i] as RaftSpec;
      await cli(spec, ['operator', 'unseal', unsealKey]);
      await waitForBao(procs[i] as BaoProcess, spec.addr, { timeoutMs, ready: (s) => s === 200 || s === 429 });
    };
    for (let i = 0; i < size; i++) start(i);
    await Promise.all(specs.map((s, i) => waitForBao(procs[i] as BaoProcess, s.addr, { timeoutMs, ready: answering })));

    const first = specs[0] as RaftSpec;
    const init = JSON.parse(await cli(first, ['operator', 'init', '-key-shares=1', '-key-threshold=1', '-format=json'])) as { unseal_keys_b64: string[]; root_token: string };
    unsealKey = init.unseal_keys_b64[0] ?? '';
    token = init.root_token;
    await cli(first, ['operator', 'unseal', unsealKey]);
    await waitForBao(procs[0] as BaoProcess, first.addr, { timeoutMs });
    // Autopilot promotes a joined node to voter once it has been healthy this long (default 10 s).
    await cli(first, ['operator', 'raft', 'autopilot', 'set-config', '-server-stabilization-time=1s']);
    for (let i = 1; i < size; i++) {
      const spec = specs[i] as RaftSpec;
      await cli(spec, ['operator', 'raft', 'join', first.addr]);
      await unseal(i);
    }
    await waitForVoters(() => cli(first, ['operator', 'raft', 'list-peers', '-format=json']), size, timeoutMs);

    const nodes: BaoRaftNode[] = specs.map((spec, i) => ({
      id: spec.id,
      addr: spec.addr,
      process: () => procs[i] as BaoProcess,
      kill: async (signal: NodeJS.Signals = 'SIGKILL') => {
        const proc = procs[i] as BaoProcess;
        proc.child.kill(signal);
        await proc.exited;
      },
      restart: async () => {
        await (procs[i] as BaoProcess).stop();
        const proc = start(i);
        await waitForBao(proc, spec.addr, { timeoutMs, ready: answering });
        await unseal(i);
      },
    }));
    const health = async (node: BaoRaftNode) => (await httpGetJson(`${node.addr}/v1/sys/health`, { timeoutMs: 2000 }).catch(() => undefined))?.status;
    return {
      nodes,
      token,
      unsealKey,
      active: async (wait = 30_000) => {
        const deadline = Date.now() + wait;
        for (;;) {
          for (const node of nodes) if (node.process().running() && (await health(node)) === 200) return node;
          if (Date.now() > deadline) throw new Error(`no active OpenBao node after ${wait} ms`);
          await sleep(100);
        }
      },
      standbys: async () => {
        const found: BaoRaftNode[] = [];
        for (const node of nodes) if (node.process().running() && (await health(node)) === 429) found.push(node);
        return found;
      },
      cli,
      stop: async () => {
        await Promise.all(procs.map((p) => p.stop()));
        await dir.remove();
      },
    };
  } catch (error) {
    await Promise.all(procs.map((p) => p.stop()));
    const logs = procs.map((p, i) => `--- node${i + 1} ---\n${p.logs().slice(-4000)}`).join('\n');
    await dir.remove();
    throw new Error(`${(error as Error).message}\n${logs}`);
  }
}

interface RaftSpec {
  id: string;
  addr: string;
  configPath: string;
}

/** The server config of one Raft node: file-backed Raft, plain http on 127.0.0.1. */
function raftNodeConfig(node: { id: string; data: string; port: number; clusterPort: number }): string {
  return `storage "raft" {
  path    = "${node.data}"
  node_id = "${node.id}"
  # Raft timing as on production hardware (the default, 5, is five times slower): elections take seconds, not 15.
  performance_multiplier = 1
}
listener "tcp" {
  address         = "127.0.0.1:${node.port}"
  cluster_address = "127.0.0.1:${node.clusterPort}"
  tls_disable     = true
}
api_addr     = "http://127.0.0.1:${node.port}"
cluster_addr = "https://127.0.0.1:${node.clusterPort}"
disable_mlock = true
`;
}

async function waitForVoters(listPeers: () => Promise<string>, size: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    last = await listPeers().catch((e: Error) => e.message);
    try {
      const servers = (JSON.parse(last) as { data?: { config?: { servers?: Array<{ voter?: boolean }> } } }).data?.config?.servers ?? [];
      if (servers.length === size && servers.every((s) => s.voter === true)) return;
    } catch {
      // not JSON yet: keep polling
    }
    if (Date.now() > deadline) throw new Error(`Raft peers not all voters after ${timeoutMs} ms: ${last}`);
    await sleep(200);
  }
}
