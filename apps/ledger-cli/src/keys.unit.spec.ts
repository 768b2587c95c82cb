import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@ledger/platform';
import { runKeys } from './keys';

describe('ledger-cli keys', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'ledger-keys-')), 'secrets');
  let printed: string[] = [];
  beforeEach(() => {
    printed = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('makes a secret and a key only the owner can read, and prints the public key to pin', () => {
    expect(runKeys(['--dir', dir])).toBe(0);

    const pem = readFileSync(join(dir, 'signing-key.pem'), 'utf8');
    expect(statSync(join(dir, 'jwt-secret')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'signing-key.pem')).mode & 0o777).toBe(0o600);
    expect(printed[0]).toBe(`Created ${join(dir, 'jwt-secret')}`);
    expect(printed[1]).toBe(`Created ${join(dir, 'signing-key.pem')}`);
    expect(printed[2]).toContain(createPublicKey(createPrivateKey(pem)).export({ type: 'spki', format: 'pem' }).toString().trim());
  });

  it('keeps what is there: tokens and pinned keys stay valid across runs', () => {
    const secret = readFileSync(join(dir, 'jwt-secret'), 'utf8');
    const pem = readFileSync(join(dir, 'signing-key.pem'), 'utf8');

    expect(runKeys(['--dir', dir])).toBe(0);

    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8')).toBe(secret);
    expect(readFileSync(join(dir, 'signing-key.pem'), 'utf8')).toBe(pem);
    expect(printed.slice(0, 2)).toEqual([`Kept ${join(dir, 'jwt-secret')}`, `Kept ${join(dir, 'signing-key.pem')}`]);
  });

  it('makes what a production ledger accepts through the _FILE settings', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      LEDGER_JWT_SECRET_FILE: join(dir, 'jwt-secret'),
      LEDGER_SIGNING_KEY_FILE: join(dir, 'signing-key.pem'),
    });
    expect(config.jwtSecret).toBe(readFileSync(join(dir, 'jwt-secret'), 'utf8').trim());
    expect(config.integrity.signingKey).toBe(readFileSync(join(dir, 'signing-key.pem'), 'utf8').trim());
  });
});
