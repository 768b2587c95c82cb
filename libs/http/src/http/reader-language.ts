import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { explainReason, type Language } from '@ledger/regulation/shared';
import { vary } from './request';

/**
 * The reader's language from `Accept-Language` (RFC 9110 §12.5.4): the supported language the
 * reader ranks highest, Chinese when it names neither (the officers' working language, docs/http-contract.md).
 */
export function readerLanguage(header: string | undefined): Language {
  if (!header) return 'zh';
  const ranked = header
    .split(',')
    .map((part, order) => {
      const [tag = '', ...parameters] = part.trim().split(';');
      const q = parameters.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/i.exec(p)).find(Boolean);
      return { primary: tag.trim().toLowerCase().split('-')[0], q: q ? Number(q[1]) : 1, order };
    })
    .filter((entry) => entry.q > 0 && (entry.primary === 'zh' || entry.primary === 'en'))
    .sort((a, b) => b.q - a.q || a.order - b.order);
  return ranked[0]?.primary === 'en' ? 'en' : 'zh';
}

/** The fields of read answers that hold a Reason (an officer's words or a generated text's code). */
const REASON_FIELDS = ['reason', 'removalReason', 'statusReason'] as const;

/**
 * Renders the reasons of a read answer in the reader's language (issue 17, item 6): each reason
 * field becomes its text, with `<field>Code` and `<field>Params` beside it for machines (null for
 * an officer's own words). Event data (`data`) is left as stored: it is what the log holds and
 * what integrity proofs cover, codes and all.
 */
export function renderReasons(value: unknown, language: Language): unknown {
  if (Array.isArray(value)) return value.map((item) => renderReasons(item, language));
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  const rendered: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if ((REASON_FIELDS as readonly string[]).includes(key)) {
      const explained = explainReason(field, language);
      rendered[key] = explained?.text ?? null;
      rendered[`${key}Code`] = explained?.code ?? null;
      rendered[`${key}Params`] = explained?.params ?? null;
    } else {
      rendered[key] = key === 'data' ? field : renderReasons(field, language);
    }
  }
  return rendered;
}

/** For the reads whose answers carry reasons (not commands: their answers hold none); says which language it answered in. */
@Injectable()
export class RenderReasonsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const language = readerLanguage(http.getRequest<FastifyRequest>().headers['accept-language']);
    const reply = http.getResponse<FastifyReply>();
    reply.header('Content-Language', language === 'zh' ? 'zh-CN' : 'en');
    vary(reply, 'Accept-Language');
    return next.handle().pipe(map((body) => renderReasons(body, language)));
  }
}
