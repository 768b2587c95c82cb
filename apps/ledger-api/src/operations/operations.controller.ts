import { Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '@ledger/auth';
import type { EventStore } from '@ledger/event-store';
import { notFound, ProblemException, type Database, type LedgerMetrics } from '@ledger/platform';
import { UnknownProjection } from '@ledger/projections';
import { DATABASE, EVENT_STORE, METRICS } from '../ledger.tokens';
import { ReadModels } from '../queries/read-models';

@ApiTags('operations')
@Controller()
export class OperationsController {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: ReadModels,
    @Inject(METRICS) private readonly metricsRegistry: LedgerMetrics,
  ) {}

  @Public()
  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  /** Ready when the database answers, migrations are applied and no projection has failed. */
  @Public()
  @Get('health/ready')
  async ready() {
    const checks: Record<string, string> = {};
    try {
      await this.database.pool.query('select 1 from ledger_migrations limit 1');
      checks.database = 'ok';
    } catch {
      checks.database = 'unreachable or not migrated';
    }
    const failed = (await this.readModels.projections.status()).filter((s) => s.state === 'failed');
    checks.projections = failed.length === 0 ? 'ok' : `failed: ${failed.map((f) => f.name).join(', ')}`;
    const ok = Object.values(checks).every((v) => v === 'ok');
    if (!ok) throw new ProblemException(503, 'NOT_READY', 'The ledger is not ready.', { checks });
    return { status: 'ok', checks };
  }

  /** Prometheus text format (api.md, Operations). */
  @Public()
  @Get('metrics')
  async metrics(@Res() response: Response) {
    response.type(this.metricsRegistry.registry.contentType).send(await this.metricsRegistry.registry.metrics());
  }

  @Roles('officer', 'auditor', 'admin')
  @Get('v1/projections')
  async projections() {
    const head = await this.store.headPosition();
    return {
      head,
      items: (await this.readModels.projections.status()).map((s) => ({ ...s, lag: Math.max(0, head - s.position) })),
    };
  }

  /** Rebuilds into fresh tables while the old ones serve, then swaps them in (admin). */
  @Roles('admin')
  @Post('v1/projections/:name/rebuild')
  @HttpCode(200)
  async rebuild(@Param('name') name: string) {
    try {
      return await this.readModels.projections.rebuild(name);
    } catch (error) {
      if (error instanceof UnknownProjection) throw notFound(error.message);
      throw error;
    }
  }
}
