import { createHash } from 'node:crypto';
import {
  consistencyProof,
  consistencyRanges,
  emptyRoot,
  foldSubtrees,
  Frontier,
  hashLeaf,
  inclusionProof,
  inclusionRanges,
  rootHash,
  subtreesOf,
  verifyConsistency,
  verifyInclusion,
} from './merkle';

const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const hex = (b: Buffer) => b.toString('hex');
const fromHex = (h: string) => Buffer.from(h, 'hex');

// RFC 9162 §2.1, transcribed as literally as possible, to hold the library to.
function k(n: number): number {
  let p = 1;
  while (p * 2 < n) p *= 2;
  return p;
}
function MTH(d: Buffer[]): Buffer {
  if (d.length === 0) return sha256();
  if (d.length === 1) return d[0]!; // inputs here are leaf hashes already
  const split = k(d.length);
  return sha256(Buffer.from([1]), MTH(d.slice(0, split)), MTH(d.slice(split)));
}
function PATH(m: number, d: Buffer[]): Buffer[] {
  if (d.length === 1) return [];
  const split = k(d.length);
  return m < split ? [...PATH(m, d.slice(0, split)), MTH(d.slice(split))] : [...PATH(m - split, d.slice(split)), MTH(d.slice(0, split))];
}
function SUBPROOF(m: number, d: Buffer[], b: boolean): Buffer[] {
  if (m === d.length) return b ? [] : [MTH(d)];
  const split = k(d.length);
  return m <= split
    ? [...SUBPROOF(m, d.slice(0, split), b), MTH(d.slice(split))]
    : [...SUBPROOF(m - split, d.slice(split), false), MTH(d.slice(0, split))];
}

const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => hashLeaf(Buffer.from(`event ${i}`)));

/** Certificate Transparency's reference inputs and results for RFC 6962 (same hashing as 9162). */
const CT_INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(fromHex);
const CT_LEAVES = CT_INPUTS.map(hashLeaf);
const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

describe('RFC 9162 Merkle tree', () => {
  it('matches the published reference roots for sizes 0 to 8', () => {
    expect(hex(emptyRoot())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    CT_ROOTS.forEach((root, i) => expect(hex(rootHash(CT_LEAVES.slice(0, i + 1)))).toBe(root));
  });

  it('matches the published inclusion and consistency proofs', () => {
    expect(inclusionProof(0, CT_LEAVES).map(hex)).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(inclusionProof(5, CT_LEAVES).map(hex)).toEqual([
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
    expect(inclusionProof(1, CT_LEAVES.slice(0, 5)).map(hex)).toEqual([
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ]);
    expect(consistencyProof(6, CT_LEAVES).map(hex)).toEqual([
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
    expect(consistencyProof(2, CT_LEAVES.slice(0, 5)).map(hex)).toEqual([
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ]);
    expect(consistencyProof(1, CT_LEAVES.slice(0, 1))).toEqual([]);
  });

  const many = leavesOf(70);

  it('computes the root, every audit path and every consistency proof as the recursive definitions do', () => {
    for (let n = 1; n <= 33; n++) {
      const d = many.slice(0, n);
      expect(hex(rootHash(d))).toBe(hex(MTH(d)));
      for (let m = 0; m < n; m++) expect(inclusionProof(m, d).map(hex)).toEqual(PATH(m, d).map(hex));
      for (let m = 1; m <= n; m++) expect(consistencyProof(m, d).map(hex)).toEqual(SUBPROOF(m, d, true).map(hex));
    }
  });

  it('accepts every honest proof and refuses a wrong leaf, index, root or path', () => {
    for (let n = 1; n <= 33; n++) {
      const d = many.slice(0, n);
      const root = MTH(d);
      for (let m = 0; m < n; m++) {
        const path = PATH(m, d);
        expect(verifyInclusion(d[m]!, m, n, path, root)).toBe(true);
        expect(verifyInclusion(hashLeaf(Buffer.from('forged')), m, n, path, root)).toBe(false);
        expect(verifyInclusion(d[m]!, m, n, [...path, root], root)).toBe(false);
        if (n > 1) expect(verifyInclusion(d[m]!, (m + 1) % n, n, path, root)).toBe(false);
        if (path.length > 0) expect(verifyInclusion(d[m]!, m, n, path.slice(1), root)).toBe(false);
      }
      expect(verifyInclusion(d[0]!, n, n, [], root)).toBe(false);
      for (let m = 1; m <= n; m++) {
        const proof = SUBPROOF(m, d, true);
        const old = MTH(d.slice(0, m));
        expect(verifyConsistency(m, n, proof, old, root)).toBe(true);
        expect(verifyConsistency(m, n, proof, hashLeaf(Buffer.from('forged')), root)).toBe(false);
        expect(verifyConsistency(m, n, proof, old, hashLeaf(Buffer.from('forged')))).toBe(false);
        if (proof.length > 0) expect(verifyConsistency(m, n, proof.slice(1), old, root)).toBe(false);
        if (m < n) expect(verifyConsistency(m, n, [], old, root)).toBe(false);
      }
    }
    expect(verifyConsistency(0, 3, [], MTH([]), MTH(many.slice(0, 3)))).toBe(false);
    expect(verifyConsistency(4, 3, [], MTH(many.slice(0, 4)), MTH(many.slice(0, 3)))).toBe(false);
  });

  it('resolves every proof range into aligned complete subtrees whose fold is the range hash', () => {
    for (let n = 1; n <= 33; n++) {
      const ranges = [
        ...Array.from({ length: n }, (_, m) => inclusionRanges(m, n)).flat(),
        ...Array.from({ length: n }, (_, m) => consistencyRanges(m + 1, n)).flat(),
        { start: 0, end: n },
      ];
      for (const range of ranges) {
        const hashes = subtreesOf(range).map((s) => MTH(many.slice(s.index * 2 ** s.level, (s.index + 1) * 2 ** s.level)));
        expect(hex(foldSubtrees(hashes))).toBe(hex(MTH(many.slice(range.start, range.end))));
      }
    }
    expect(() => subtreesOf({ start: 1, end: 3 })).toThrow(RangeError);
  });

  it('reports every completed subtree as leaves are appended, and resumes from its edge', () => {
    const frontier = new Frontier();
    const nodes = new Map<string, Buffer>();
    for (const [i, leaf] of many.entries()) {
      for (const node of frontier.append(leaf)) nodes.set(`${node.level}:${node.index}`, node.hash);
      expect(hex(frontier.root())).toBe(hex(MTH(many.slice(0, i + 1))));
    }
    for (const [key, hash] of nodes) {
      const [level, index] = key.split(':').map(Number) as [number, number];
      expect(hex(hash)).toBe(hex(MTH(many.slice(index * 2 ** level, (index + 1) * 2 ** level))));
    }
    expect(nodes.size).toBe(many.length - 3); // n − popcount(n) complete interior nodes: 70 = 64 + 4 + 2

    const edge = subtreesOf({ start: 0, end: 45 }).map((s) => MTH(many.slice(s.index * 2 ** s.level, (s.index + 1) * 2 ** s.level)));
    const resumed = new Frontier(45, edge);
    for (const leaf of many.slice(45)) resumed.append(leaf);
    expect(hex(resumed.root())).toBe(hex(MTH(many)));
    expect(() => new Frontier(45, edge.slice(1))).toThrow(RangeError);
  });

  it('refuses proofs that cannot exist', () => {
    expect(() => inclusionRanges(3, 3)).toThrow(RangeError);
    expect(() => consistencyRanges(0, 3)).toThrow(RangeError);
    expect(() => consistencyRanges(4, 3)).toThrow(RangeError);
  });
});
