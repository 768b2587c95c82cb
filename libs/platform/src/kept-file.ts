import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A value made once and kept in `folder/name`, readable by its owner only: the JWT secret and
 * the tree-head signing key of a ledger that was not given them. Of two processes sharing the
 * folder, the second keeps the first one's value ('wx' refuses to overwrite).
 */
export function keptInFolder(folder: string, name: string, make: () => string): { value: string; created: boolean } {
  const file = join(folder, name);
  if (existsSync(file)) return { value: readFileSync(file, 'utf8'), created: false };
  mkdirSync(folder, { recursive: true });
  const value = make();
  try {
    writeFileSync(file, value, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { value: readFileSync(file, 'utf8'), created: false };
    throw error;
  }
  chmodSync(file, 0o600); // the mode of writeFileSync is filtered by the umask
  return { value, created: true };
}
