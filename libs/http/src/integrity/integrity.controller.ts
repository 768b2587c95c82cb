import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@ledger/auth';
import { Integrity, NotInTree, TreeBehind } from '@ledger/integrity';
import { notFound, ProblemException } from '@ledger/platform';
import { invalid } from '../http/params';
import { ConsistencyQuery, ProofQuery } from './integrity.dto';
import { NOT_FOUND, Operation, problem } from '../http/openapi';

/** Signed checkpoints and RFC 9162 proofs, so an outsider can check the log it was shown (docs/http-contract.md, Integrity). */
@ApiTags('integrity')
@ApiBearerAuth()
@Controller('v1/integrity')
export class IntegrityController {
  constructor(private readonly integrity: Integrity) {}

  @Operation({ zh: '签名检查点', en: 'The signed checkpoint (tree size and root hash)' }, problem(503, 'TREE_BEHIND'))
  @Get('checkpoint')
  @Roles('auditor', 'officer')
  checkpoint() {
    return answer(() => this.integrity.checkpoint());
  }

  @Operation({ zh: '包含证明', en: 'The inclusion proof of one event' }, NOT_FOUND, problem(503, 'TREE_BEHIND'))
  @Get('proof/:position')
  @Roles('auditor', 'officer')
  proof(@Param('position') position: string, @Query() query: ProofQuery) {
    const at = count(position, 'position');
    return answer(() => this.integrity.inclusion(at, query.treeSize));
  }

  @Operation({ zh: '一致性证明', en: 'The consistency proof between two tree sizes' }, NOT_FOUND, problem(503, 'TREE_BEHIND'))
  @Get('consistency')
  @Roles('auditor', 'officer')
  consistency(@Query() query: ConsistencyQuery) {
    const { from, to } = query;
    if (to !== undefined && to < from) throw invalid('to', 'must not be smaller than from');
    return answer(() => this.integrity.consistency(from, to));
  }
}

/** Positions are counted from 1. */
function count(value: unknown, field: string): number {
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1)
    throw invalid(field, 'must be a positive integer');
  return n;
}

async function answer<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof NotInTree) throw notFound(error.message);
    if (error instanceof TreeBehind) throw new ProblemException(503, 'TREE_BEHIND', error.message, { position: error.position });
    throw error;
  }
}
