/**
 * A child process for the multi-process tests of DirectoryKvBackend (bundled with esbuild and run by node).
 * argv: <root> <mode> <count> <startAtEpochMs> [path]
 *   plain   - `count` writes without cas to `path`; prints the versions it got
 *   counter - `count` read-increment-write cycles with cas on `path`, retrying conflicts; prints conflicts seen
 *   race    - for i < count, one cas-0 write to `race/<i>`; prints which ones it won
 *   big     - `count` writes of a `count`-MB record to `path`, forever if count is 0 (to be killed mid-write)
 *   users   - `count` new paths `clients/u<i>`, 8 at a time, each a cas-0 write then a cas-1 one (a bulk run's
 *             reservation and record); prints `u<i>` on a line of its own once its second write returned
 */
import { DirectoryKvBackend } from '../directory/directory-kv-backend.js';
import { CasConflictError } from '../errors/cas-conflict-error.js';

const [root, mode, countText, startText, path = 'shared'] = process.argv.slice(2);
const kv = new DirectoryKvBackend(root as string);
const count = Number(countText);
while (Date.now() < Number(startText)) await new Promise((r) => setTimeout(r, 2));

const out: number[] = [];
let conflicts = 0;
if (mode === 'plain') {
  for (let i = 0; i < count; i++) out.push(await kv.write(path, { writer: String(process.pid), i: String(i) }));
} else if (mode === 'counter') {
  for (let done = 0; done < count; ) {
    const current = await kv.read(path);
    const value = Number(current?.data['value'] ?? 0);
    try {
      await kv.write(path, { value: String(value + 1) }, { cas: current?.version ?? 0 });
      done++;
    } catch (error) {
      if (!CasConflictError.isInstance(error)) throw error;
      conflicts++;
    }
  }
} else if (mode === 'big') {
  const blob = 'k'.repeat(Math.max(count, 1) * 1024 * 1024);
  for (let i = 0; count === 0 || i < count; i++) out.push(await kv.write(path, { 'tls.key': blob, i: String(i) }));
} else if (mode === 'users') {
  let next = 0;
  const user = async () => {
    for (let i = next++; i < count; i = next++) {
      await kv.write(`clients/u${i}`, { reserved: 'yes' }, { cas: 0 });
      await kv.write(`clients/u${i}`, { issued: `u${i}` }, { cas: 1 });
      process.stdout.write(`u${i}\n`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, user));
} else if (mode === 'race') {
  for (let i = 0; i < count; i++) {
    try {
      await kv.write(`race/${i}`, { winner: String(process.pid) }, { cas: 0 });
      out.push(i);
    } catch (error) {
      if (!CasConflictError.isInstance(error)) throw error;
    }
  }
}
process.stdout.write(JSON.stringify({ out, conflicts }));
