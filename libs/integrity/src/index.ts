export { canonicalBytes, canonicalJson } from './jcs';
export { consistencyProof, Frontier, hashChildren, hashLeaf, inclusionProof, rootHash, verifyConsistency, verifyInclusion } from './merkle';
export { eventLeafHash } from './event-leaf';
export { NotInTree } from './merkle-log';
export {
  loadOrCreateSigningKey,
  loadSigningKey,
  SIGNING_KEY_FILE,
  signingKeyFromPem,
  signTreeHead,
  verifyTreeHead,
  type SigningKey,
  type SigningKeySource,
  type TreeHead,
} from './signing';
export { Integrity, TreeBehind, type Checkpoint, type ConsistencyProof, type InclusionProof, type IntegrityOptions } from './integrity';
export { verifyLedger, type VerifyFinding, type VerifyReport } from './verify';
