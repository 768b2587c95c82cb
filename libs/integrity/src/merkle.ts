import { createHash } from 'node:crypto';

/**
 * RFC 9162 §2.1 Merkle Tree Hash over SHA-256, with its inclusion and consistency proofs.
 * Sizes and indices are plain numbers (safe up to 2^53), so arithmetic replaces bitwise
 * operators, which JavaScript truncates to 32 bits.
 */

/** Leaves [start, end) of the tree. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

/** A complete subtree: 2^level leaves starting at leaf index × 2^level. Level 0 is a leaf. */
export interface Subtree {
  readonly level: number;
  readonly index: number;
}

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

export function hashLeaf(data: Buffer): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

export function hashChildren(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** MTH({}) = SHA-256 of nothing (RFC 9162 §2.1.1). */
export function emptyRoot(): Buffer {
  return createHash('sha256').digest();
}

/** The largest power of two smaller than n (n ≥ 2): where RFC 9162 splits a tree of n leaves. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

/** MTH of a list of leaf hashes. */
export function rootHash(leaves: readonly Buffer[]): Buffer {
  const frontier = new Frontier();
  for (const leaf of leaves) frontier.append(leaf);
  return frontier.root();
}

/**
 * The ranges whose MTHs form PATH(index, D[size]) (RFC 9162 §2.1.3.1), leaf end first. A store
 * resolves each range to hashes however it keeps them (see `subtreesOf`).
 */
export function inclusionRanges(index: number, size: number): Range[] {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) {
    throw new RangeError(`no leaf ${index} in a tree of ${size}`);
  }
  const ranges: Range[] = [];
  let start = 0;
  let end = size;
  let m = index;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (m < k) {
      ranges.push({ start: start + k, end });
      end = start + k;
    } else {
      ranges.push({ start, end: start + k });
      start += k;
      m -= k;
    }
  }
  return ranges.reverse();
}

/** The ranges whose MTHs form PROOF(from, D[to]) (RFC 9162 §2.1.4.1), in proof order. */
export function consistencyRanges(from: number, to: number): Range[] {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 1 || from > to) {
    throw new RangeError(`no consistency proof from ${from} to ${to}`);
  }
  const ranges: Range[] = [];
  let start = 0;
  let end = to;
  let m = from;
  let wholeOldTree = true;
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      ranges.push({ start: start + k, end });
      end = start + k;
    } else {
      ranges.push({ start, end: start + k });
      start += k;
      m -= k;
      wholeOldTree = false;
    }
  }
  // SUBPROOF(m, D[m], false) = {MTH(D[m])}; with b still true the verifier knows that hash already.
  if (!wholeOldTree) ranges.push({ start, end });
  return ranges.reverse();
}

/**
 * The complete subtrees whose hashes make the MTH of a range, largest first. Every range the
 * proofs above produce starts at a multiple of its own split sizes, so each piece is a stored
 * node; MTH(range) is their right fold (`foldSubtrees`).
 */
export function subtreesOf(range: Range): Subtree[] {
  const subtrees: Subtree[] = [];
  let start = range.start;
  let remaining = range.end - range.start;
  for (let level = 52; level >= 0 && remaining > 0; level--) {
    const width = 2 ** level;
    if (remaining < width) continue;
    if (start % width !== 0) throw new RangeError(`range ${range.start}..${range.end} is not made of aligned subtrees`);
    subtrees.push({ level, index: start / width });
    start += width;
    remaining -= width;
  }
  return subtrees;
}

export function foldSubtrees(hashes: readonly Buffer[]): Buffer {
  if (hashes.length === 0) return emptyRoot();
  let root = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) root = hashChildren(hashes[i]!, root);
  return root;
}

/** MTH of leaves[range] straight from the leaves, for trees held in memory. */
function rangeHash(leaves: readonly Buffer[], range: Range): Buffer {
  return rootHash(leaves.slice(range.start, range.end));
}

export function inclusionProof(index: number, leaves: readonly Buffer[]): Buffer[] {
  return inclusionRanges(index, leaves.length).map((range) => rangeHash(leaves, range));
}

export function consistencyProof(from: number, leaves: readonly Buffer[]): Buffer[] {
  return consistencyRanges(from, leaves.length).map((range) => rangeHash(leaves, range));
}

/** RFC 9162 §2.1.3.2. */
export function verifyInclusion(leafHash: Buffer, index: number, size: number, path: readonly Buffer[], root: Buffer): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 §2.1.4.2; equal sizes prove consistency with an empty proof and equal roots. */
export function verifyConsistency(from: number, to: number, proof: readonly Buffer[], fromRoot: Buffer, toRoot: Buffer): boolean {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 1 || from > to) return false;
  if (from === to) return proof.length === 0 && fromRoot.equals(toRoot);
  const path = isPowerOfTwo(from) ? [fromRoot, ...proof] : [...proof];
  if (path.length === 0) return false;
  let fn = from - 1;
  let sn = to - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(fromRoot) && sr.equals(toRoot);
}

/**
 * The right edge of a growing tree: the complete subtrees of its size's binary decomposition,
 * largest first. Appending a leaf merges equal neighbours and reports the nodes that became
 * complete, which is all a store needs to keep every complete subtree's hash.
 */
export class Frontier {
  private readonly stack: Array<{ level: number; hash: Buffer }> = [];

  /** Resumes a tree of `size` leaves from the hashes of `subtreesOf({start: 0, end: size})`. */
  constructor(
    private count = 0,
    subtreeHashes: readonly Buffer[] = [],
  ) {
    const subtrees = subtreesOf({ start: 0, end: count });
    if (subtrees.length !== subtreeHashes.length) throw new RangeError(`a tree of ${count} leaves has ${subtrees.length} edge subtrees`);
    subtrees.forEach((s, i) => this.stack.push({ level: s.level, hash: subtreeHashes[i]! }));
  }

  get size(): number {
    return this.count;
  }

  append(leafHash: Buffer): Array<Subtree & { hash: Buffer }> {
    const completed: Array<Subtree & { hash: Buffer }> = [];
    let node = { level: 0, hash: leafHash };
    let index = this.count;
    while (index % 2 === 1) {
      const left = this.stack.pop()!;
      node = { level: node.level + 1, hash: hashChildren(left.hash, node.hash) };
      index = Math.floor(index / 2);
      completed.push({ level: node.level, index, hash: node.hash });
    }
    this.stack.push(node);
    this.count++;
    return completed;
  }

  root(): Buffer {
    return foldSubtrees(this.stack.map((s) => s.hash));
  }
}
