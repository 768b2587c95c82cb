import { Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '@ledger/auth';
import type { EventStore } from '@ledger/event-store';
import { notFound, ProblemException, type LedgerMetrics } from '@ledger/platform';
import { UnknownProjection } from '@ledger/projections';
import { EVENT_STORE, LEDGER_RUNTIME, METRICS, ReadModels } from '@ledger/core';
import type { LedgerRuntime } from '@ledger/runtime';
import { NOT_FOUND, Operation, problem } from '../http/openapi';

@ApiTags('operations')
@Controller()
export class OperationsController {
  constructor(
    @Inject(LEDGER_RUNTIME) private readonly runtime: LedgerRuntime,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: ReadModels,
    @Inject(METRICS) private readonly metricsRegistry: LedgerMetrics,
  ) {}

  @Public()
  @Operation({ zh: '存活检查', en: 'Liveness' })
  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  /** Ready when the database answers, migrations are applied and no projection has failed. */
  @Public()
  @Operation({ zh: '就绪检查', en: 'Readiness: database, migrations, projections' }, problem(503, 'NOT_READY'))
  @Get('health/ready')
  async ready() {
    const { ready, checks, lag } = await this.runtime.readiness();
    if (!ready) throw new ProblemException(503, 'NOT_READY', 'The ledger is not ready.', { checks, ...(lag ? { lag } : {}) });
    return { status: 'ok', checks, ...(lag ? { lag } : {}) };
  }

  /** Prometheus text format (docs/http-contract.md, Operations). */
  @Public()
  @Operation({ zh: '运行指标', en: 'Metrics in Prometheus text format' })
  @Get('metrics')
  async metrics(@Res() reply: FastifyReply) {
    reply.type(this.metricsRegistry.registry.contentType).send(await this.metricsRegistry.registry.metrics());
  }

  @Roles('officer', 'auditor', 'admin')
  @Operation({ zh: '投影状态', en: 'Each projection’s position and lag' })
  @Get('v1/projections')
  async projections() {
    // `head` is what readers can see; lag counts from the committed head, so that an append held
    // in flight shows as lag rather than hiding it (issue 16).
    const [head, appends, status] = await Promise.all([
      this.store.headPosition(),
      this.store.appendLag(),
      this.readModels.projections.status(),
    ]);
    return {
      head,
      committedHead: appends.committedHead,
      oldestInFlightAppendSeconds: appends.oldestInFlightSeconds,
      items: status.map((s) => ({ ...s, lag: Math.max(0, appends.committedHead - s.position) })),
    };
  }

  /** Rebuilds into fresh tables while the old ones serve, then swaps them in (admin). */
  @Roles('admin')
  @Operation({ zh: '重建投影', en: 'Rebuild a projection' }, NOT_FOUND)
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
