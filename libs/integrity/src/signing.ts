import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { keptInFolder } from '@ledger/platform';
import { join } from 'node:path';
import { canonicalBytes } from './jcs';

/** A signed tree head as the API publishes it (docs/http-contract.md, Integrity). */
export interface TreeHead {
  readonly treeSize: number;
  /** hex */
  readonly rootHash: string;
  readonly issuedAt: string;
  /** base64 Ed25519 over JCS({treeSize, rootHash, issuedAt}) */
  readonly signature: string;
}

export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** SPKI PEM, as published with every checkpoint. */
  readonly publicKeyPem: string;
}

export interface SigningKeySource {
  /** LEDGER_SIGNING_KEY (validated by the configuration), or null. */
  readonly signingKey: string | null;
  readonly dataDir: string;
}

export const SIGNING_KEY_FILE = 'signing-key.pem';

export function signingKeyFromPem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new TypeError(`The signing key must be Ed25519, not ${privateKey.asymmetricKeyType}`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** The configured key, else the one kept in the data folder; null when there is neither (the verifier's case). */
export function loadSigningKey(source: SigningKeySource): SigningKey | null {
  if (source.signingKey) return signingKeyFromPem(source.signingKey);
  const file = join(source.dataDir, SIGNING_KEY_FILE);
  return existsSync(file) ? signingKeyFromPem(readFileSync(file, 'utf8')) : null;
}

/** As loadSigningKey, making the data folder's key when there is none (the running ledger's case). */
export function loadOrCreateSigningKey(source: SigningKeySource): SigningKey {
  if (source.signingKey) return signingKeyFromPem(source.signingKey);
  const { value } = keptInFolder(source.dataDir, SIGNING_KEY_FILE, () =>
    generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  );
  return signingKeyFromPem(value);
}

function signedBytes(head: Pick<TreeHead, 'treeSize' | 'rootHash' | 'issuedAt'>): Buffer {
  return canonicalBytes({ treeSize: head.treeSize, rootHash: head.rootHash, issuedAt: head.issuedAt });
}

export function signTreeHead(key: SigningKey, head: Omit<TreeHead, 'signature'>): TreeHead {
  return { ...head, signature: sign(null, signedBytes(head), key.privateKey).toString('base64') };
}

export function verifyTreeHead(publicKey: KeyObject, head: TreeHead): boolean {
  return verify(null, signedBytes(head), publicKey, Buffer.from(head.signature, 'base64'));
}
