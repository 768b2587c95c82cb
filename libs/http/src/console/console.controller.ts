import { join } from 'node:path';
import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
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
  page(@Res() response: Response): Promise<void> {
    return send(response, 'index.html');
  }

  /** What the page needs to know before sign-in: whether to offer the one-click dev login. */
  @Get('config.json')
  settings(@Req() request: Request) {
    // The stream prefixes of each context, from the one table the NATS subjects use: the timeline filters by them.
    return { devLogin: devLoginAllowed(this.config, request), streamContexts: CONTEXT_BY_STREAM_PREFIX };
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() response: Response): Promise<void> {
    if (!ASSET_NAME.test(file)) throw notFound(`No console asset ${file}.`);
    return send(response, file);
  }
}

function send(response: Response, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // Revalidated on every load (ETag), so a new build is picked up without a stale mix of files.
    response.sendFile(file, { root: CONSOLE_ASSETS, headers: { 'Cache-Control': 'no-cache' } }, (error) => {
      // Once bytes are out, an error means the browser went away mid-file: nobody is left to answer.
      if (!error || response.headersSent) resolve();
      else reject(notFound(`No console asset ${file}.`));
    });
  });
}
