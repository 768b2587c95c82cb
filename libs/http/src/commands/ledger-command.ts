import { createParamDecorator, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Command } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { principalOf, type AuthenticatedRequest } from '@ledger/auth/decorators';
import type { CommandEnvelope, CommandResponse } from '@ledger/core';
import { effectiveInstant, envelopeFrom } from './command-envelope';

/**
 * What a command endpoint takes from its request besides the body's own fields: the envelope (who
 * sends it, under which document, the retry headers) and the instant the act takes effect. It is
 * read when the command is built, in the handler, so a body that fails validation is answered with
 * every violation before its headers or dates are judged.
 */
export interface Sent {
  read(): { readonly envelope: CommandEnvelope; readonly at: string };
}

/**
 * The envelope of a command endpoint's request. `dateField` names the body's own date of the act
 * (`decidedOn`, `heldOn`, …), which takes precedence over `effectiveAt` (docs/http-contract.md,
 * Conventions).
 */
export const Sent: (dateField?: string) => ParameterDecorator = createParamDecorator(
  (dateField: string | undefined, context: ExecutionContext): Sent => {
    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const principal = principalOf(request);
    return {
      read: () => {
        // Validation refuses a body naming a field its DTO does not take, so the body as sent is the
        // validated one, and it is what an Idempotency-Key's request hash covers.
        const body = (request.body ?? {}) as Record<string, unknown>;
        const envelope = envelopeFrom(request, principal, body);
        const own = dateField === undefined ? undefined : { field: dateField, value: stringOrUndefined(body[dateField]) };
        return { envelope, at: effectiveInstant(envelope, own) };
      },
    };
  },
);

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * A context's command on the bus: the decider's command, its envelope and its effective instant.
 * Each context names the stream's subject beside it; `execute` answers what the executor answered.
 */
export abstract class LedgerCommand<C> extends Command<CommandResponse> {
  readonly envelope: CommandEnvelope;
  readonly at: string;

  protected constructor(
    readonly command: C,
    sent: Sent,
  ) {
    super();
    ({ envelope: this.envelope, at: this.at } = sent.read());
  }
}

/** Answers a command endpoint with the status the executor chose (201, or 200 for a replay) and its body. */
@Injectable()
export class CommandStatus implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler<CommandResponse>): Observable<CommandResponse['body']> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map(({ status, body }) => {
        response.status(status);
        return body;
      }),
    );
  }
}
