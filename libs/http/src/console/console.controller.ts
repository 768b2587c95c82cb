import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@ledger/auth';
import { notFound, type LedgerConfig } from '@ledger/platform';
import { LEDGER_CONFIG } from '@ledger/core';
import { CONTEXT_BY_STREAM_PREFIX } from '@ledger/subscriptions';
import { devLoginAllowed } from './dev-login';

/**
 * Beside this folder in the sources (libs/http/console-assets) and in dist, where
 * `npm run build` copies it, so the same relative path serves tests and the built app.
 */
export const CONSOLE_ASSETS = join(__dirname, '..', '..', 'console-assets');

/** Only flat names of the kinds the console ships: nothing else in the folder is reachable. */
const ASSET_NAME = /^[a-z0-9-]+\.(js|css|svg)$/;

/**
 * The officers' console: static files only, open without a token (the page holds no data); the
 * browser then reads the public API with the token the officer gives it.
 */
@ApiExcludeController()
@Public()
@Controller('console')
export class ConsoleController {
  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {}

  @Get()
  page(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return send(request, reply, 'index.html');
  }

  /** What the page needs to know before sign-in: whether to offer the one-click dev login. */
  @Get('config.json')
  settings(@Req() request: FastifyRequest) {
    // The stream prefixes of each context, from the one table the NATS subjects use: the timeline filters by them.
    return { devLogin: devLoginAllowed(this.config, request), streamContexts: CONTEXT_BY_STREAM_PREFIX };
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!ASSET_NAME.test(file)) throw notFound(`No console asset ${file}.`);
    return send(request, reply, file);
  }
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * One of the console's files, revalidated on every load by its ETag (a digest of its bytes), so a
 * new build is picked up without a stale mix of files and an unchanged one costs a 304.
 */
async function send(request: FastifyRequest, reply: FastifyReply, file: string): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(CONSOLE_ASSETS, file));
  } catch {
    throw notFound(`No console asset ${file}.`);
  }
  const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
  reply.header('Cache-Control', 'no-cache').header('ETag', etag);
  const known = request.headers['if-none-match'];
  if (typeof known === 'string' && known.split(/\s*,\s*/).some((tag) => tag === etag || tag === `W/${etag}` || tag === '*')) {
    reply.code(304).send();
    return;
  }
  reply.type(CONTENT_TYPES[extname(file)] ?? 'application/octet-stream').send(bytes);
}
