import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Res, type PipeTransform } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles, type Principal } from '@ledger/auth';
import { forbidden, notFound, ProblemException, type LedgerConfig } from '@ledger/platform';
import {
  OutboundUrlError,
  parseWebhookUrl,
  refuseInternalResolution,
  viewOf,
  WebhookRegistry,
  type Webhook,
  type WebhookView,
} from '@ledger/subscriptions';
import { LEDGER_CONFIG } from '@ledger/core';
import { decodeCursor, encodeCursor, invalid } from '../http/params';
import { PageQuery } from '../http/query';
import { RegisterWebhookDto } from './webhooks.dto';
import { ALREADY_EXISTS, NOT_FOUND, Operation } from '../http/openapi';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Webhook ids are UUIDs (docs/http-contract.md, Identifiers); anything else cannot name one. */
class WebhookIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw invalid('id', 'must be a UUID');
    return value.toLowerCase();
  }
}

/**
 * Webhook administration (docs/http-contract.md, Subscriptions). A subscriber registers and manages its own
 * webhooks (owner = its token's `sub`); an admin manages everyone's. Delivery itself is the
 * dispatcher's (libs/subscriptions), which picks changes up from the same table.
 */
@ApiTags('subscriptions')
@ApiBearerAuth()
@Controller('v1/webhooks')
@Roles('subscriber', 'admin')
export class WebhooksController {
  constructor(
    private readonly registry: WebhookRegistry,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Operation({ zh: '登记 webhook', en: 'Register a webhook' }, ALREADY_EXISTS)
  @Post()
  async register(
    @Body() body: RegisterWebhookDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebhookView> {
    const url = await this.destination(body.url);
    const webhookId = body.webhookId?.toLowerCase() ?? randomUUID();
    const webhook = await this.registry.create({
      webhookId,
      owner: principal.sub,
      url: url.href,
      types: [...new Set(body.types)],
      secret: body.secret,
      position: body.fromPosition ?? 0,
    });
    if (!webhook) throw new ProblemException(409, 'ALREADY_EXISTS', `A webhook with id ${webhookId} already exists.`);
    reply.header('Location', `/v1/webhooks/${webhookId}`);
    return viewOf(webhook);
  }

  @Operation({ zh: 'webhook 列表', en: 'The caller’s webhooks' })
  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() query: PageQuery) {
    const { limit } = query;
    const after = decodeCursor(query.cursor, (decoded): decoded is string => typeof decoded === 'string' && UUID.test(decoded));
    const rows = await this.registry.list({ owner: isAdmin(principal) ? undefined : principal.sub, after, limit: limit + 1 });
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items: items.map(viewOf), nextCursor: rows.length > limit && last ? encodeCursor(last.webhookId) : null };
  }

  @Operation({ zh: 'webhook 状态', en: 'A webhook: position, status, last error' }, NOT_FOUND)
  @Get(':id')
  async get(@Param('id', new WebhookIdPipe()) id: string, @CurrentPrincipal() principal: Principal): Promise<WebhookView> {
    return viewOf(await this.owned(id, principal));
  }

  /** A failing webhook is active again, with a fresh retry budget, from the position it kept. */
  @Operation({ zh: '恢复 webhook', en: 'Resume a failing webhook' }, NOT_FOUND)
  @Post(':id/resume')
  @HttpCode(200)
  async resume(@Param('id', new WebhookIdPipe()) id: string, @CurrentPrincipal() principal: Principal): Promise<WebhookView> {
    await this.owned(id, principal);
    const resumed = await this.registry.resume(id);
    if (!resumed) throw notFound(`No webhook ${id}.`);
    return viewOf(resumed);
  }

  @Operation({ zh: '删除 webhook', en: 'Delete a webhook' }, NOT_FOUND)
  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', new WebhookIdPipe()) id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.owned(id, principal);
    if (!(await this.registry.remove(id))) throw notFound(`No webhook ${id}.`);
  }

  private async owned(id: string, principal: Principal): Promise<Webhook> {
    const webhook = await this.registry.get(id);
    if (!webhook) throw notFound(`No webhook ${id}.`);
    if (!isAdmin(principal) && webhook.owner !== principal.sub) throw forbidden('a subscriber may manage only its own webhooks');
    return webhook;
  }

  private async destination(raw: string): Promise<URL> {
    const { allowPrivate } = this.config.webhooks;
    try {
      const url = parseWebhookUrl(raw, allowPrivate);
      if (!allowPrivate) await refuseInternalResolution(url);
      return url;
    } catch (error) {
      if (error instanceof OutboundUrlError) throw invalid('url', error.message);
      throw error;
    }
  }
}

function isAdmin(principal: Principal): boolean {
  return principal.roles.includes('admin');
}
