import { Module } from '@nestjs/common';
import type { Database } from '@ledger/platform';
import { WebhookRegistry } from '@ledger/subscriptions';
import { DATABASE } from '@ledger/core';
import { WebhooksController } from './webhooks.controller';

@Module({
  controllers: [WebhooksController],
  providers: [{ provide: WebhookRegistry, useFactory: (database: Database) => new WebhookRegistry(database.pool), inject: [DATABASE] }],
})
export class WebhooksModule {}
