import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadOrCreateSigningKey, SIGNING_KEY_FILE } from '@ledger/integrity';
import { JWT_SECRET_FILE, loadOrCreateJwtSecret } from '@ledger/platform';

/**
 * Makes the two secrets a production ledger must be given — the JWT secret and the Ed25519 key
 * that signs tree heads — once, into a folder that API and worker processes then read through
 * LEDGER_JWT_SECRET_FILE and LEDGER_SIGNING_KEY_FILE (docker/compose.yaml runs it before them).
 * Existing files are kept: replacing the key would break auditors' pinned public key, and
 * replacing the secret would void every token already issued.
 */
export function runKeys(args: string[]): number {
  const { values } = parseArgs({ args, options: { dir: { type: 'string' } }, strict: true });
  const dir = values.dir ?? process.env.LEDGER_DATA_DIR ?? './data';
  const secret = loadOrCreateJwtSecret(dir);
  console.log(`${secret.created ? 'Created' : 'Kept'} ${join(dir, JWT_SECRET_FILE)}`);
  const keyExisted = existsSync(join(dir, SIGNING_KEY_FILE));
  const key = loadOrCreateSigningKey({ signingKey: null, dataDir: dir });
  console.log(`${keyExisted ? 'Kept' : 'Created'} ${join(dir, SIGNING_KEY_FILE)}`);
  console.log(`Public key of signed tree heads (give it to auditors to pin):\n${key.publicKeyPem.trim()}`);
  return 0;
}
