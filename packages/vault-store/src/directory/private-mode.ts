import { StoreConfigError } from '../errors/store-config-error.js';

/**
 * Refuses a store file others can read or write, as ssh refuses a private key file with loose permissions:
 * state files hold private keys and p12 passwords, so they must be 0600 or stricter.
 *
 * @param file - the file's path, for the message
 * @param mode - its `stat` mode
 * @param root - the store directory (the message's `chmod` fixes the whole store)
 * @throws StoreConfigError naming the file, its mode and the command that fixes it
 */
export function assertPrivateFile(file: string, mode: number, root: string): void {
  if ((mode & 0o077) === 0) return;
  throw new StoreConfigError({ setting: 'MTLSCTL_HOME', message: `${looseMessage('file', file, mode, '0600')}${fixHint(root)}` });
}

/**
 * Refuses a store directory others can enter or list (it must be 0700 or stricter).
 *
 * @param dir - the directory
 * @param mode - its `stat` mode
 * @param root - the store directory
 * @throws StoreConfigError naming the directory, its mode and the command that fixes it
 */
export function assertPrivateDir(dir: string, mode: number, root: string): void {
  if ((mode & 0o077) === 0) return;
  throw new StoreConfigError({ setting: 'MTLSCTL_HOME', message: `${looseMessage('directory', dir, mode, '0700')}${fixHint(root)}` });
}

function looseMessage(kind: string, path: string, mode: number, wanted: string): string {
  const octal = (mode & 0o777).toString(8).padStart(4, '0');
  return `the store ${kind} ${path} has permissions ${octal}, open to other users; it must be ${wanted} or stricter (it holds private keys and p12 passwords). `;
}

function fixHint(root: string): string {
  return `If no one else should have read it, fix the whole store with: chmod -R go-rwx '${root.replaceAll("'", "'\\''")}'`;
}
