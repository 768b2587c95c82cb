// Checks the ledger's integrity proofs in the browser (api.md, Integrity), so an officer or
// auditor does not have to take the ledger's word for it. Pure functions over WebCrypto.
const encoder = new TextEncoder();

/** RFC 8785 (JCS): keys sorted by UTF-16 code units; numbers and strings as ECMAScript writes them. */
export function canonicalJson(value) {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`JCS cannot represent ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value)
    .filter((key) => value[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
}

export const toHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

export function fromHex(hex) {
  if (!/^([0-9a-f]{2})*$/i.test(hex)) throw new TypeError('not a hex string');
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function sha256(...parts) {
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

/** RFC 9162 §2.1.1: a leaf is SHA-256(0x00 ‖ entry), here the JCS of the event JSON. */
export const leafHash = (event) => sha256(Uint8Array.of(0), encoder.encode(canonicalJson(event)));

const nodeHash = (left, right) => sha256(Uint8Array.of(1), left, right);

/**
 * RFC 9162 §2.1.3.2: the root an inclusion proof leads to, or null when the path does not fit
 * the tree. Halving by division, not bit shifts: indexes may pass 2^31.
 */
export async function rootFromInclusionProof(leafIndex, treeSize, leaf, auditPath) {
  if (!(leafIndex >= 0 && leafIndex < treeSize)) return null;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of auditPath) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

function pemBody(pem) {
  return fromBase64(pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, ''));
}

/** The Ed25519 signature over JCS({treeSize, rootHash, issuedAt}) with the checkpoint's SPKI key. */
export async function checkpointSignatureValid(checkpoint) {
  const key = await crypto.subtle.importKey('spki', pemBody(checkpoint.publicKey), { name: 'Ed25519' }, false, ['verify']);
  const { treeSize, rootHash, issuedAt } = checkpoint;
  return crypto.subtle.verify(
    { name: 'Ed25519' },
    key,
    fromBase64(checkpoint.signature),
    encoder.encode(canonicalJson({ treeSize, rootHash, issuedAt })),
  );
}

/** What a reader compares by eye or by phone call: the SHA-256 of the public key's DER. */
export async function keyFingerprint(publicKeyPem) {
  return toHex(await sha256(pemBody(publicKeyPem)));
}

/**
 * Every check of one event against one checkpoint: the signature, the event against its leaf,
 * and the audit path from that leaf to the signed root. `ok` only when all three hold.
 */
export async function verifyInclusion({ event, proof, checkpoint }) {
  const signatureValid = await checkpointSignatureValid(checkpoint).catch(() => false);
  const leaf = await leafHash(event);
  const leafMatches = toHex(leaf) === String(proof.leafHash).toLowerCase();
  const root = await rootFromInclusionProof(proof.leafIndex, proof.treeSize, leaf, proof.auditPath.map(fromHex));
  const rootMatches = root !== null && proof.treeSize === checkpoint.treeSize && toHex(root) === String(checkpoint.rootHash).toLowerCase();
  return { ok: signatureValid && leafMatches && rootMatches, signatureValid, leafMatches, rootMatches, treeSize: checkpoint.treeSize };
}
