import { spawn } from 'node:child_process';
import { CLI } from './run-cli.js';

/** One exchange at the terminal: wait until the screen shows `expect`, then type `send`. */
export interface PtyStep {
  expect: string;
  send: string;
}

/** How a run in a pseudo-terminal ended: everything the terminal showed (stdout and stderr, and echoed input). */
export interface PtyResult {
  code: number;
  screen: string;
}

// Python's standard pty module (no native Node dependency): fork the CLI on a pseudo-terminal, answer its
// prompts as a person would, collect the screen, exit with the CLI's code.
const DRIVER = `
import json, os, pty, sys, time
spec = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.chdir(spec["cwd"])
    os.execve(spec["argv"][0], spec["argv"], spec["env"])
screen = b""
def read_until(text, deadline):
    global screen
    while text.encode() not in screen:
        if time.time() > deadline: raise SystemExit("timed out waiting for " + repr(text) + " on the screen:\\n" + screen.decode(errors="replace"))
        try: chunk = os.read(fd, 4096)
        except OSError: raise SystemExit("the program ended before showing " + repr(text) + ":\\n" + screen.decode(errors="replace"))
        if not chunk: raise SystemExit("the program ended before showing " + repr(text))
        screen += chunk
for step in spec["steps"]:
    read_until(step["expect"], time.time() + 60)
    os.write(fd, step["send"].encode())
while True:
    try: chunk = os.read(fd, 4096)
    except OSError: break
    if not chunk: break
    screen += chunk
_, status = os.waitpid(pid, 0)
sys.stdout.write(json.dumps({"code": os.waitstatus_to_exitcode(status), "screen": screen.decode(errors="replace")}))
`;

/**
 * Runs the built `mtlsctl` on a real pseudo-terminal (stdin, stdout and stderr all the terminal), typing the
 * steps' answers when their prompts appear.
 */
export function runInPty(args: readonly string[], steps: readonly PtyStep[], options: { env: Record<string, string>; cwd: string }): Promise<PtyResult> {
  const env: Record<string, string> = { PATH: process.env['PATH'] ?? '', TERM: 'dumb', NODE_ENV: 'production', ...options.env };
  const spec = JSON.stringify({ argv: [process.execPath, CLI, ...args], env, cwd: options.cwd, steps });
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', DRIVER, spec], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', (e) => reject(new Error(`python3 is needed for the terminal tests: ${e.message}`)));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as PtyResult) : reject(new Error(`pty driver failed (${code}): ${err}`))));
  });
}
