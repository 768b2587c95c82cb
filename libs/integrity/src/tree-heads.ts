import type { Pool, PoolClient } from 'pg';
import type { TreeHead } from './signing';

interface HeadRow {
  tree_size: string;
  root_hash: string;
  issued_at: Date | string;
  signature: string;
}

const COLUMNS = `tree_size, encode(root_hash, 'hex') as root_hash, issued_at, encode(signature, 'base64') as signature`;

/** Signed tree heads (`ledger.tree_heads`), at most one per tree size. */
export class TreeHeads {
  /** A pool, or a client holding the snapshot of a verify. */
  constructor(private readonly pool: Pool | PoolClient) {}

  async latest(): Promise<TreeHead | null> {
    const { rows } = await this.pool.query<HeadRow>(`select ${COLUMNS} from ledger.tree_heads order by tree_size desc limit 1`);
    return rows[0] ? toHead(rows[0]) : null;
  }

  /** Heads in order of size, `limit` at a time after `afterSize`. */
  async page(afterSize: number, limit: number): Promise<TreeHead[]> {
    const { rows } = await this.pool.query<HeadRow>(
      `select ${COLUMNS} from ledger.tree_heads where tree_size > $1 order by tree_size limit $2`,
      [afterSize, limit],
    );
    return rows.map(toHead);
  }

  /** Stores a head; when another process signed this size first, its head is the one kept and returned. */
  async add(head: TreeHead): Promise<TreeHead> {
    await this.pool.query(
      `insert into ledger.tree_heads (tree_size, root_hash, issued_at, signature)
       values ($1, decode($2, 'hex'), $3, decode($4, 'base64')) on conflict (tree_size) do nothing`,
      [head.treeSize, head.rootHash, head.issuedAt, head.signature],
    );
    const { rows } = await this.pool.query<HeadRow>(`select ${COLUMNS} from ledger.tree_heads where tree_size = $1`, [head.treeSize]);
    return toHead(rows[0]!);
  }
}

function toHead(row: HeadRow): TreeHead {
  return {
    treeSize: Number(row.tree_size),
    rootHash: row.root_hash,
    issuedAt: new Date(row.issued_at).toISOString(),
    // encode(…, 'base64') wraps lines at 76 characters.
    signature: row.signature.replace(/\n/g, ''),
  };
}
