import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { Command } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalOf, type AuthenticatedRequest } from '@ledger/auth/decorators';
import type { Actor, CommandEnvelope, CommandResponse } from '@ledger/core';
import { effectiveInstant, envelopeFrom } from './command-envelope';

/**
 * What a command endpoint takes from its request besides the body's own fields: the envelope (who
 * sends it, under which document, the retry headers) and the instant the act takes effect. It is
 * read when the command is built, in the handler, so a body that fails validation is answered with
 * every violation before its headers or dates are judged.
 */
export interface Sent {
  read(): { readonly envelope: CommandEnvelope; readonly at: string };
  /** The executor's answer as the response: its status (201, or 200 for a replay) and its body. */
  answer(response: CommandResponse): CommandResponse['body'];
}

class SentRequest implements Sent {
  constructor(
    private readonly request: FastifyRequest,
    private readonly response: FastifyReply,
    private readonly actor: Actor,
    private readonly dateField: string | undefined,
  ) {}

  read(): { readonly envelope: CommandEnvelope; readonly at: string } {
    // Validation refuses a body naming a field its DTO does not take, so the body as sent is the
    // validated one, and it is what an Idempotency-Key's request hash covers.
    const body = (this.request.body ?? {}) as Record<string, unknown>;
    const envelope = envelopeFrom(this.request, this.actor, body);
    const own = this.dateField === undefined ? undefined : { field: this.dateField, value: stringOrUndefined(body[this.dateField]) };
    return { envelope, at: effectiveInstant(envelope, own) };
  }

  answer({ status, body }: CommandResponse): CommandResponse['body'] {
    this.response.code(status);
    return body;
  }
}

/**
 * The envelope of a command endpoint's request. `dateField` names the body's own date of the act
 * (`decidedOn`, `heldOn`, …), which takes precedence over `effectiveAt` (docs/http-contract.md,
 * Conventions).
 */
export const Sent: (dateField?: string) => ParameterDecorator = createParamDecorator(
  (dateField: string | undefined, context: ExecutionContext): Sent => {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & AuthenticatedRequest>();
    return new SentRequest(request, http.getResponse<FastifyReply>(), principalOf(request), dateField);
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

/**
 * Makes a command endpoint answer with the status its executor chose (201, or 200 for a replay)
 * and its body. The endpoint itself is wrapped, not intercepted: a Nest interceptor costs every
 * request an async resource and an observable chain (about 5% of the process's time under load,
 * docs/benchmarks.md). The route's metadata moves to the wrapper, which Nest then routes to.
 */
export function AnswersWithItsStatus(): MethodDecorator {
  return (_target, key, descriptor: PropertyDescriptor) => {
    const endpoint = descriptor.value as (...args: unknown[]) => Promise<CommandResponse>;
    const answering = async function (this: unknown, ...args: unknown[]): Promise<CommandResponse['body']> {
      const sent = args.find((arg): arg is SentRequest => arg instanceof SentRequest);
      if (!sent) throw new Error(`The command endpoint ${String(key)} takes no @Sent() parameter to answer through.`);
      return sent.answer(await endpoint.apply(this, args));
    };
    for (const name of Reflect.getOwnMetadataKeys(endpoint))
      Reflect.defineMetadata(name, Reflect.getOwnMetadata(name, endpoint), answering);
    Object.defineProperty(answering, 'name', { value: endpoint.name });
    descriptor.value = answering;
  };
}
