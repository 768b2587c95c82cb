import { Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { Checkpoints, Consumer } from '@ledger/consumers';
import type { EventStore } from '@ledger/event-store';
import { errorMessage, sleep, type RetryObserver } from '@ledger/platform';
import { MerkleLog, NotInTree, type StoredLeaf } from './merkle-log';
import { signTreeHead, type SigningKey, type TreeHead } from './signing';
import { TreeHeads } from './tree-heads';

export interface IntegrityOptions {
  readonly checkpointIntervalMs: number;
  /** How long a proof of a just-recorded event waits for it to become readable and enter the tree. */
  readonly readableWithinMs: number;
  /** Called when a head is first signed or the key first published, so a ledger that never signs makes no key. */
  readonly signingKey: () => SigningKey;
  /** Told of every retry of the builder, which follows the log like any reader. */
  readonly onRetry?: RetryObserver;
}

export interface Checkpoint extends TreeHead {
  /** SPKI PEM of the key that checks `signature`. */
  readonly publicKey: string;
}

export interface InclusionProof {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly leafHash: string;
  readonly auditPath: string[];
  readonly rootHash: string;
}

export interface ConsistencyProof {
  readonly from: number;
  readonly to: number;
  readonly proof: string[];
}

const BATCH = 1000;
/** The builder's checkpoint: a consumer of the log among the others (libs/consumers). */
const BUILDER = 'integrity:merkle-tree';

/** The event is recorded but still hidden by an older transaction that has not ended. */
export class TreeBehind extends Error {
  constructor(readonly position: number) {
    super(`the event at position ${position} is recorded but not yet in the tree; ask again shortly`);
  }
}

/**
 * The tamper-evident side of the ledger: the leader's builder, an at-least-once consumer of the
 * log, extends the Merkle tree as events become stable (a page handled again adds nothing: the
 * tree holds its events already), and a head is signed every `checkpointIntervalMs` when the tree
 * has grown; any process answers checkpoints and proofs, extending the tree itself when asked
 * about events the builder has not reached (the two race safely, see MerkleLog).
 */
export class Integrity {
  private readonly logger = new Logger('Integrity');
  private readonly tree: MerkleLog;
  private readonly builder: Consumer;
  readonly heads: TreeHeads;
  private key: SigningKey | null = null;
  private halt = new AbortController();
  private signing: Promise<void> | null = null;

  constructor(
    pool: Pool,
    private readonly store: EventStore,
    private readonly options: IntegrityOptions,
  ) {
    this.tree = new MerkleLog(pool);
    this.heads = new TreeHeads(pool);
    this.builder = new Consumer(
      store,
      new Checkpoints(pool),
      { name: BUILDER, pageSize: BATCH, writes: 'at-least-once', handle: (events) => this.tree.append(events) },
      { onRetry: options.onRetry },
    );
  }

  async start(): Promise<void> {
    this.halt = new AbortController();
    await this.builder.start();
    this.signing = this.signOnSchedule(this.halt.signal);
  }

  async stop(): Promise<void> {
    this.halt.abort();
    await Promise.all([this.builder.stop(), this.signing]);
    this.signing = null;
  }

  /** The latest signed head, signing one first when none covers every stable event. */
  async checkpoint(): Promise<Checkpoint> {
    const size = await this.catchUp();
    const latest = await this.heads.latest();
    const head = latest && latest.treeSize >= size ? latest : await this.sign(size, 'demand');
    if (!head) throw new NotInTree('the log is empty: there is no tree to sign yet');
    return { ...head, publicKey: this.signingKey().publicKeyPem };
  }

  /** RFC 9162 audit path of the event at `position` in the tree of `treeSize` (default: the latest checkpoint's). */
  async inclusion(position: number, treeSize?: number): Promise<InclusionProof> {
    let leaf = await this.tree.leafAt(position);
    if (!leaf && (await this.store.readPositions(position, position)).length > 0) leaf = await this.leafOnceReadable(position);
    if (!leaf) throw new NotInTree(`no event at position ${position}`);
    const size = treeSize ?? (await this.checkpointCovering(leaf.leafIndex + 1)).treeSize;
    await this.assertBuilt(size);
    if (leaf.leafIndex >= size)
      throw new NotInTree(`the event at position ${position} is leaf ${leaf.leafIndex}, beyond a tree of ${size}`);
    const [auditPath, root] = await Promise.all([this.tree.inclusionProof(leaf.leafIndex, size), this.tree.rootHash(size)]);
    return {
      leafIndex: leaf.leafIndex,
      treeSize: size,
      leafHash: leaf.leafHash.toString('hex'),
      auditPath: auditPath.map((h) => h.toString('hex')),
      rootHash: root.toString('hex'),
    };
  }

  /** RFC 9162 consistency proof between the trees of `from` and `to` leaves (default: the latest checkpoint's). */
  async consistency(from: number, to?: number): Promise<ConsistencyProof> {
    const size = to ?? (await this.checkpointCovering(from)).treeSize;
    await this.assertBuilt(size);
    if (from > size) throw new NotInTree(`a tree of ${from} leaves is not a prefix of one of ${size}`);
    const proof = await this.tree.consistencyProof(from, size);
    return { from, to: size, proof: proof.map((h) => h.toString('hex')) };
  }

  /**
   * A recorded event enters the tree once every transaction older than it has ended (the log's
   * catch-up rule), usually within milliseconds of its append.
   */
  private async leafOnceReadable(position: number): Promise<StoredLeaf> {
    const deadline = Date.now() + this.options.readableWithinMs;
    for (;;) {
      await this.catchUp();
      const leaf = await this.tree.leafAt(position);
      if (leaf) return leaf;
      if (Date.now() >= deadline) throw new TreeBehind(position);
      await this.store.waitForEvents(position - 1, Math.min(100, deadline - Date.now()));
    }
  }

  private async checkpointCovering(size: number): Promise<TreeHead> {
    const latest = await this.heads.latest();
    return latest && latest.treeSize >= size ? latest : this.checkpoint();
  }

  private async assertBuilt(size: number): Promise<void> {
    const { size: built } = await this.tree.tip();
    if (size > built) throw new NotInTree(`the tree holds ${built} leaves, not ${size}`);
  }

  /** Extends the tree to every stable event; returns its size. */
  private async catchUp(): Promise<number> {
    while ((await this.tree.extend(this.store, BATCH)).added === BATCH);
    return (await this.tree.tip()).size;
  }

  private async sign(size: number, trigger: 'schedule' | 'demand'): Promise<TreeHead | null> {
    if (size === 0) return null;
    const rootHash = (await this.tree.rootHash(size)).toString('hex');
    const head = await this.heads.add(signTreeHead(this.signingKey(), { treeSize: size, rootHash, issuedAt: new Date().toISOString() }));
    this.logger.log({ msg: 'tree head signed', treeSize: head.treeSize, rootHash: head.rootHash, issuedAt: head.issuedAt, trigger });
    return head;
  }

  private signingKey(): SigningKey {
    this.key ??= this.options.signingKey();
    return this.key;
  }

  private async signOnSchedule(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await sleep(this.options.checkpointIntervalMs, signal);
      if (signal.aborted) return;
      try {
        const { size } = await this.tree.tip();
        const latest = await this.heads.latest();
        if (size > (latest?.treeSize ?? 0)) await this.sign(size, 'schedule');
      } catch (error) {
        // The tree keeps growing meanwhile: the next head signed covers it.
        this.logger.error({ msg: 'signing a scheduled tree head failed; will sign at the next', error: errorMessage(error) });
      }
    }
  }
}
