import { homedir, userInfo } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { StoreConfigError } from '../errors/store-config-error.js';

/**
 * Where the embedded directory store lives: `$MTLSCTL_HOME`, else `$XDG_DATA_HOME/mtlsctl`, else
 * `~/.local/share/mtlsctl`. An empty or relative home (`HOME=''`) is never used, as it would put the store
 * under the working directory: the account's home from the password database is used instead.
 *
 * @param env - the environment (default `process.env`)
 * @param home - the home directory (default `os.homedir()`, i.e. $HOME)
 * @param accountHome - the home of the account, for when `home` is empty (default `os.userInfo().homedir`)
 * @throws StoreConfigError when neither home is an absolute path
 * @example
 * defaultStoreDir({}, '/home/ada'); // '/home/ada/.local/share/mtlsctl'
 */
export function defaultStoreDir(
  env: Record<string, string | undefined> = process.env,
  home: string = homedir(),
  accountHome: () => string = () => userInfo().homedir,
): string {
  const explicit = env['MTLSCTL_HOME'];
  if (explicit) return resolve(explicit);
  const xdg = env['XDG_DATA_HOME'];
  if (xdg && isAbsolute(xdg)) return join(xdg, 'mtlsctl');
  const base = isAbsolute(home) ? home : safeAccountHome(accountHome);
  if (!base) {
    throw new StoreConfigError({
      setting: 'HOME',
      message: `HOME is ${home === '' ? 'empty' : `not an absolute path (${JSON.stringify(home)})`} and the account has no home directory: set MTLSCTL_HOME or pass --store dir:<path>.`,
    });
  }
  return join(base, '.local', 'share', 'mtlsctl');
}

function safeAccountHome(accountHome: () => string): string | undefined {
  try {
    const home = accountHome();
    return isAbsolute(home) ? home : undefined;
  } catch {
    return undefined;
  }
}
