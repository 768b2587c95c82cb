import type { Pool } from 'pg';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { eventLeafHash } from './event-leaf';
import { consistencyRanges, foldSubtrees, Frontier, inclusionRanges, subtreesOf, type Range, type Subtree } from './merkle';

export interface StoredLeaf {
  readonly leafIndex: number;
  readonly position: number;
  readonly leafHash: Buffer;
}

/** Asked for a tree, leaf or range the stored tree does not (yet) hold. */
export class NotInTree extends Error {}

/*
 * Leaves and nodes of one extension go in one statement, so a crash leaves the tree at a batch
 * boundary. Two extenders racing (the leader's builder and an API process answering on demand)
 * build the same leaf_index; the second fails on the primary key and starts again from the tip.
 */
const APPEND = `
  with leaves as (
    insert into ledger.merkle_leaves (leaf_index, position, leaf_hash)
    select i, p, decode(h, 'hex') from unnest($1::bigint[], $2::bigint[], $3::text[]) as t(i, p, h)
  )
  insert into ledger.merkle_nodes (level, node_index, hash)
  select l, i, decode(h, 'hex') from unnest($4::smallint[], $5::bigint[], $6::text[]) as t(l, i, h)`;

const SUBTREES = `
  select k.level, k.idx, encode(coalesce(n.hash, l.leaf_hash), 'hex') as hash
    from unnest($1::smallint[], $2::bigint[]) as k(level, idx)
    left join ledger.merkle_nodes n on k.level > 0 and n.level = k.level and n.node_index = k.idx
    left join ledger.merkle_leaves l on k.level = 0 and l.leaf_index = k.idx`;

const UNIQUE_VIOLATION = '23505';

/**
 * The Merkle tree over the log, kept in PostgreSQL: every leaf, and every complete subtree's hash
 * (`ledger.merkle_nodes`). Any root, audit path or consistency proof is then a fold over at most
 * 2·log2(n) stored hashes, fetched in one query, whatever the size of the log.
 */
export class MerkleLog {
  constructor(private readonly pool: Pool) {}

  /** Leaves so far, and the position of the last one (0 for an empty tree). */
  async tip(): Promise<{ size: number; position: number }> {
    const { rows } = await this.pool.query<{ leaf_index: string; position: string }>(
      `select leaf_index, position from ledger.merkle_leaves order by leaf_index desc limit 1`,
    );
    return rows[0] ? { size: Number(rows[0].leaf_index) + 1, position: Number(rows[0].position) } : { size: 0, position: 0 };
  }

  async leafAt(position: number): Promise<StoredLeaf | null> {
    const { rows } = await this.pool.query<{ leaf_index: string; hash: string }>(
      `select leaf_index, encode(leaf_hash, 'hex') as hash from ledger.merkle_leaves where position = $1`,
      [position],
    );
    return rows[0] ? { leafIndex: Number(rows[0].leaf_index), position, leafHash: Buffer.from(rows[0].hash, 'hex') } : null;
  }

  /**
   * Adds the next page of stable events (readPage from the last leaf's position never skips one)
   * and the subtrees they complete. Returns how many were added and where the reader stands.
   */
  async extend(store: EventStore, limit: number): Promise<{ added: number; nextPosition: number }> {
    for (;;) {
      const tip = await this.tip();
      const page = await store.readPage({ fromPosition: tip.position, limit });
      if (page.events.length === 0) return { added: 0, nextPosition: page.nextPosition };
      if (await this.appendAfter(tip, page.events)) return { added: page.events.length, nextPosition: page.nextPosition };
    }
  }

  /**
   * Adds those of `events` the tree does not hold yet, for a reader of the log that read them
   * itself (the builder). They must run on from where the tree ends, with no event between: a
   * page read from the builder's checkpoint, which only moves past events the tree holds and
   * positions that hold none.
   */
  async append(events: readonly RecordedEvent[]): Promise<void> {
    for (;;) {
      const tip = await this.tip();
      const fresh = events.filter((event) => event.position > tip.position);
      if (fresh.length === 0 || (await this.appendAfter(tip, fresh))) return;
    }
  }

  /** False when another extender got there first: the caller starts again from the new tip. */
  private async appendAfter(tip: { size: number }, events: readonly RecordedEvent[]): Promise<boolean> {
    const frontier = new Frontier(tip.size, await this.subtreeHashes(subtreesOf({ start: 0, end: tip.size })));
    const leaves = { index: [] as number[], position: [] as number[], hash: [] as string[] };
    const nodes = { level: [] as number[], index: [] as number[], hash: [] as string[] };
    for (const event of events) {
      const leafHash = eventLeafHash(event);
      leaves.index.push(frontier.size);
      leaves.position.push(event.position);
      leaves.hash.push(leafHash.toString('hex'));
      for (const node of frontier.append(leafHash)) {
        nodes.level.push(node.level);
        nodes.index.push(node.index);
        nodes.hash.push(node.hash.toString('hex'));
      }
    }
    try {
      await this.pool.query(APPEND, [leaves.index, leaves.position, leaves.hash, nodes.level, nodes.index, nodes.hash]);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      return false;
    }
  }

  async rootHash(size: number): Promise<Buffer> {
    return (await this.rangeHashes([{ start: 0, end: size }]))[0]!;
  }

  async inclusionProof(leafIndex: number, size: number): Promise<Buffer[]> {
    return this.rangeHashes(inclusionRanges(leafIndex, size));
  }

  async consistencyProof(from: number, to: number): Promise<Buffer[]> {
    return this.rangeHashes(consistencyRanges(from, to));
  }

  private async rangeHashes(ranges: readonly Range[]): Promise<Buffer[]> {
    const pieces = ranges.map(subtreesOf);
    const hashes = await this.subtreeHashes(pieces.flat());
    let next = 0;
    return pieces.map((subtrees) => foldSubtrees(subtrees.map(() => hashes[next++]!)));
  }

  /** Hashes of stored complete subtrees, in the order asked. */
  private async subtreeHashes(subtrees: readonly Subtree[]): Promise<Buffer[]> {
    if (subtrees.length === 0) return [];
    const { rows } = await this.pool.query<{ level: number; idx: string; hash: string | null }>(SUBTREES, [
      subtrees.map((s) => s.level),
      subtrees.map((s) => s.index),
    ]);
    const found = new Map(rows.map((r) => [`${r.level}:${r.idx}`, r.hash]));
    return subtrees.map(({ level, index }) => {
      const hash = found.get(`${level}:${index}`);
      if (!hash) throw new NotInTree(`the tree holds no subtree of 2^${level} leaves at #${index}`);
      return Buffer.from(hash, 'hex');
    });
  }
}
