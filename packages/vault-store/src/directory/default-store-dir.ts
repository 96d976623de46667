import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * Where the embedded directory store lives: `$MTLSCTL_HOME`, else `$XDG_DATA_HOME/mtlsctl`, else
 * `~/.local/share/mtlsctl`.
 *
 * @param env - the environment (default `process.env`)
 * @param home - the home directory (default `os.homedir()`)
 * @example
 * defaultStoreDir({}, '/home/ada'); // '/home/ada/.local/share/mtlsctl'
 */
export function defaultStoreDir(env: Record<string, string | undefined> = process.env, home: string = homedir()): string {
  const explicit = env['MTLSCTL_HOME'];
  if (explicit) return resolve(explicit);
  const xdg = env['XDG_DATA_HOME'];
  if (xdg && isAbsolute(xdg)) return join(xdg, 'mtlsctl');
  return join(home, '.local', 'share', 'mtlsctl');
}
