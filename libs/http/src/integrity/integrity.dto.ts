import { Count } from '../http/query';

export class ProofQuery {
  @Count({ description: 'The tree the proof is for (default: the latest checkpoint’s).' })
  treeSize?: number;
}

export class ConsistencyQuery {
  @Count({ required: true, description: 'The smaller tree.' })
  from!: number;

  @Count({ description: 'The larger tree (default: the latest checkpoint’s).' })
  to?: number;
}
