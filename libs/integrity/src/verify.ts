import type { KeyObject } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { PostgresEventStore, readLogIn, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { eventLeafHash } from './event-leaf';
import { Frontier } from './merkle';
import { verifyTreeHead, type TreeHead } from './signing';
import { TreeHeads } from './tree-heads';

export interface VerifyFinding {
  /** The position where stored data no longer matches, when a single event can be named. */
  readonly position: number | null;
  readonly detail: string;
}

export interface VerifyReport {
  /** Events compared with their leaves. */
  readonly events: number;
  readonly leaves: number;
  /** Events recorded after the tree's last leaf, not in the tree yet (the builder trails the log a little). */
  readonly pending: number;
  readonly treeHeads: number;
  readonly latestHead: TreeHead | null;
  /** The first findings, in the order met (at most MAX_FINDINGS); `problems` counts them all. */
  readonly findings: readonly VerifyFinding[];
  readonly problems: number;
  readonly firstPosition: number | null;
}

const PAGE = 2000;
const MAX_FINDINGS = 100;

interface Leaf {
  readonly index: number;
  readonly position: number;
  readonly hash: Buffer;
}

/**
 * Recomputes every leaf from the events in the database, and the tree from the stored leaves, in
 * one streaming pass (memory O(log n)), and checks every signed tree head against both trees and
 * against `publicKey`. Four kinds of change are told apart: an event (or its leaf) rewritten, an
 * event removed or slipped in, an interior node rewritten, a tree head forged or rewritten.
 *
 * The builder extends the tree and signs heads while this runs, so all of it is read in one
 * snapshot: the heads, leaves and nodes of one moment, the latest head in it and every leaf
 * after. Read by separate statements, a node or head newer than the leaves read before it looked
 * like tampering. A PostgresEventStore keeps the log in the same database (the one of `pool`), so
 * its events come from that snapshot too; another store's log (KurrentDB) is read as it stands,
 * which can only add events beyond the tree: each event the tree holds was stable before the
 * snapshot was taken.
 */
export async function verifyLedger(pool: Pool, store: EventStore, publicKey: KeyObject | null): Promise<VerifyReport> {
  const snapshot = await pool.connect();
  try {
    // Read only: given no transaction id and writing nothing, it holds back no append and no
    // reader of the log, however long it runs. On embedded PGlite it holds the one connection
    // until it ends, so nothing may go through the pool meanwhile: the store's reads would wait
    // for it forever.
    await snapshot.query('begin isolation level repeatable read, read only');
    const read =
      store instanceof PostgresEventStore
        ? (after: number) => readLogIn(snapshot, after, PAGE)
        : async (after: number) => (await store.readPage({ fromPosition: after, limit: PAGE })).events;
    const report = await verifyIn(snapshot, paged(read), publicKey);
    await snapshot.query('commit');
    snapshot.release();
    return report;
  } catch (error) {
    // Not back into the pool in the middle of a transaction.
    snapshot.release(error instanceof Error ? error : true);
    throw error;
  }
}

async function verifyIn(snapshot: PoolClient, log: AsyncGenerator<RecordedEvent>, publicKey: KeyObject | null): Promise<VerifyReport> {
  const findings: VerifyFinding[] = [];
  let problems = 0;
  const note = (position: number | null, detail: string) => {
    problems++;
    if (findings.length < MAX_FINDINGS) findings.push({ position, detail });
  };
  const events = new Peekable(log);
  const leaves = new Peekable(leavesOf(snapshot));
  const heads = new Peekable(headsOf(new TreeHeads(snapshot)));
  const nodes = new StoredNodes(snapshot);
  const storedTree = new Frontier();
  const logTree = new Frontier();
  let aligned = true;
  let checked = 0;
  let treeHeads = 0;
  let latestHead: TreeHead | null = null;
  let matchedSize = 0;
  let suspectFrom = 0;

  for (let index = 0; ; index++) {
    const leaf = await leaves.next();
    if (!leaf) break;
    if (leaf.index !== index) {
      note(
        leaf.position,
        `leaf ${index} is missing from ledger.merkle_leaves (the next stored one is ${leaf.index}, position ${leaf.position})`,
      );
      break;
    }
    if (index === matchedSize) suspectFrom = leaf.position;
    for (const node of storedTree.append(leaf.hash)) {
      const problem = await nodes.check(node.level, node.index, node.hash);
      if (problem) note(null, `${problem} (leaves ${node.index * 2 ** node.level}–${(node.index + 1) * 2 ** node.level - 1})`);
    }
    if (aligned) {
      const event = await events.next();
      if (!event || event.position > leaf.position) {
        note(leaf.position, `the log no longer holds the event at position ${leaf.position} (leaf ${index})`);
        aligned = false;
      } else if (event.position < leaf.position) {
        note(
          event.position,
          `the event at position ${event.position} is not in the tree: leaf ${index} is the event at position ${leaf.position}`,
        );
        aligned = false;
      } else {
        const hash = eventLeafHash(event);
        if (!hash.equals(leaf.hash))
          note(
            leaf.position,
            `the event at position ${leaf.position} no longer matches its leaf ${index} (the event or the leaf was changed)`,
          );
        logTree.append(hash);
        checked++;
      }
    }
    while ((await heads.peek())?.treeSize === index + 1) {
      const head = (await heads.next())!;
      treeHeads++;
      latestHead = head;
      if (publicKey && !verifyTreeHead(publicKey, head))
        note(null, `the signature of the tree head of size ${head.treeSize} does not verify with the ledger's key`);
      const root = Buffer.from(head.rootHash, 'hex');
      if (!storedTree.root().equals(root)) note(null, `the signed tree head of size ${head.treeSize} no longer matches the stored tree`);
      if (aligned && !logTree.root().equals(root)) {
        note(
          null,
          `the signed tree head of size ${head.treeSize} no longer matches the log: an event among positions ${suspectFrom}–${leaf.position} changed`,
        );
      } else if (aligned) {
        matchedSize = head.treeSize;
      }
    }
  }

  for (let head = await heads.next(); head; head = await heads.next()) {
    treeHeads++;
    latestHead = head;
    note(null, `a tree head is signed for ${head.treeSize} leaves, but the tree holds ${storedTree.size}`);
  }
  const extra = await nodes.beyond(storedTree.size);
  if (extra) note(null, `ledger.merkle_nodes holds a node the leaves do not make (level ${extra.level}, #${extra.index})`);
  if (!publicKey && treeHeads > 0)
    note(null, `no signing key (LEDGER_SIGNING_KEY or the data folder's) to check the signatures of ${treeHeads} tree heads`);
  let pending = 0;
  if (aligned) while (await events.next()) pending++;

  const positions = findings.map((f) => f.position).filter((p): p is number => p !== null);
  return {
    events: checked,
    leaves: storedTree.size,
    pending,
    treeHeads,
    latestHead,
    findings,
    problems,
    firstPosition: positions.length > 0 ? Math.min(...positions) : null,
  };
}

/** The log a page at a time. */
async function* paged(read: (after: number) => Promise<RecordedEvent[]>): AsyncGenerator<RecordedEvent> {
  for (let after = 0; ;) {
    const events = await read(after);
    yield* events;
    if (events.length < PAGE) return;
    after = events[events.length - 1]!.position;
  }
}

async function* leavesOf(snapshot: PoolClient): AsyncGenerator<Leaf> {
  let after = -1;
  for (;;) {
    const { rows } = await snapshot.query<{ leaf_index: string; position: string; hash: string }>(
      `select leaf_index, position, encode(leaf_hash, 'hex') as hash from ledger.merkle_leaves
        where leaf_index > $1 order by leaf_index limit $2`,
      [after, PAGE],
    );
    for (const row of rows) yield { index: Number(row.leaf_index), position: Number(row.position), hash: Buffer.from(row.hash, 'hex') };
    if (rows.length < PAGE) return;
    after = Number(rows[rows.length - 1]!.leaf_index);
  }
}

async function* headsOf(heads: TreeHeads): AsyncGenerator<TreeHead> {
  let after = 0;
  for (;;) {
    const page = await heads.page(after, PAGE);
    yield* page;
    if (page.length < PAGE) return;
    after = page[page.length - 1]!.treeSize;
  }
}

/** Stored interior nodes, read level by level in the order the stored leaves complete them. */
class StoredNodes {
  private readonly levels = new Map<number, Peekable<{ index: number; hash: Buffer }>>();

  constructor(private readonly snapshot: PoolClient) {}

  /** A description of what is wrong with node (level, index), or null when it is stored as computed. */
  async check(level: number, index: number, hash: Buffer): Promise<string | null> {
    const rows = this.level(level);
    let next = await rows.peek();
    while (next && next.index < index) {
      await rows.next();
      next = await rows.peek();
    }
    if (!next || next.index !== index) return `interior node (level ${level}, #${index}) is missing`;
    await rows.next();
    return next.hash.equals(hash) ? null : `interior node (level ${level}, #${index}) does not match its leaves`;
  }

  async beyond(size: number): Promise<{ level: number; index: number } | null> {
    const { rows } = await this.snapshot.query<{ level: number; node_index: string }>(
      `select level, node_index from ledger.merkle_nodes where (node_index + 1) * (2::numeric ^ level) > $1
        order by level, node_index limit 1`,
      [size],
    );
    return rows[0] ? { level: rows[0].level, index: Number(rows[0].node_index) } : null;
  }

  private level(level: number): Peekable<{ index: number; hash: Buffer }> {
    let rows = this.levels.get(level);
    if (!rows) {
      rows = new Peekable(this.rowsOf(level));
      this.levels.set(level, rows);
    }
    return rows;
  }

  private async *rowsOf(level: number): AsyncGenerator<{ index: number; hash: Buffer }> {
    let after = -1;
    for (;;) {
      const { rows } = await this.snapshot.query<{ node_index: string; hash: string }>(
        `select node_index, encode(hash, 'hex') as hash from ledger.merkle_nodes
          where level = $1 and node_index > $2 order by node_index limit $3`,
        [level, after, PAGE],
      );
      for (const row of rows) yield { index: Number(row.node_index), hash: Buffer.from(row.hash, 'hex') };
      if (rows.length < PAGE) return;
      after = Number(rows[rows.length - 1]!.node_index);
    }
  }
}

class Peekable<T> {
  private head: IteratorResult<T> | null = null;

  constructor(private readonly source: AsyncIterator<T>) {}

  async peek(): Promise<T | undefined> {
    this.head ??= await this.source.next();
    return this.head.done ? undefined : this.head.value;
  }

  async next(): Promise<T | undefined> {
    const value = await this.peek();
    if (value !== undefined) this.head = null;
    return value;
  }
}
