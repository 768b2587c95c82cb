import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@ledger/auth';
import { toEventJson, type EventStore } from '@ledger/event-store';
import { ProblemException } from '@ledger/platform';
import { EVENT_STORE } from '@ledger/core';
import { EventsQuery, StreamEventsQuery } from './log.dto';
import { Operation } from '../http/openapi';

/** The log itself, for auditors and subscribers: the source every read model is built from. */
@ApiTags('log')
@ApiBearerAuth()
@Controller('v1')
export class LogController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The global log in order; `fromPosition=N` means events after N. Resume with `nextPosition`. */
  @Operation({ zh: '事件日志', en: 'The global log in order' })
  @Get('events')
  @Roles('auditor', 'subscriber', 'officer')
  async events(@Query() query: EventsQuery) {
    const page = await this.store.readPage({ fromPosition: query.fromPosition ?? 0, limit: query.limit, types: query.types });
    return { items: page.events.map(toEventJson), nextPosition: page.nextPosition };
  }

  /** Raw events of one stream, by version; `fromVersion` and `direction` page through it. */
  @Operation({ zh: '事件流', en: 'Raw events of one stream' })
  @Get('streams/:streamId/events')
  @Roles('auditor', 'officer')
  async stream(@Param('streamId') streamId: string, @Query() query: StreamEventsQuery) {
    if (!/^[\p{L}\p{N}._:-]{1,200}$/u.test(streamId)) {
      throw new ProblemException(400, 'VALIDATION_FAILED', 'streamId is not a valid stream id.', {
        violations: [{ field: 'streamId', message: 'invalid' }],
      });
    }
    const { limit, fromVersion, direction = 'forwards' } = query;
    const events = await this.store.readStream(streamId, { direction, fromVersion, maxCount: limit + 1 });
    const page = events.slice(0, limit);
    const last = page[page.length - 1];
    return {
      streamId,
      items: page.map(toEventJson),
      nextVersion: events.length > limit && last ? (direction === 'forwards' ? last.version + 1 : last.version - 1) : null,
    };
  }
}
