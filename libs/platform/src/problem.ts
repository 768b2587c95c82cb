import { HttpException } from '@nestjs/common';

/** One bad field (400) or one failed rule (422) inside a problem response. */
export interface ProblemViolation {
  readonly field?: string;
  readonly code?: string;
  readonly message: string;
}

export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly violations?: readonly ProblemViolation[];
  readonly [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * An RFC 9457 problem (docs/http-contract.md, Conventions), for what the HTTP edge itself refuses (a token, a
 * header, a malformed body). ProblemFilter renders these, and turns the domain's errors into
 * them, so no controller builds an error body by hand and no rule knows it is answered over HTTP.
 */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    detail: string,
    extra: { violations?: readonly ProblemViolation[]; [key: string]: unknown } = {},
  ) {
    const body: ProblemBody = {
      type: `https://ledger.example/problems/${code.toLowerCase().replace(/_/g, '-')}`,
      title: TITLES[status] ?? 'Error',
      status,
      detail,
      code,
      ...extra,
    };
    super(body, status);
  }

  get body(): ProblemBody {
    return this.getResponse() as ProblemBody;
  }
}

export const unauthorized = (detail: string) => new ProblemException(401, 'UNAUTHORIZED', detail);
export const forbidden = (detail: string) => new ProblemException(403, 'FORBIDDEN', detail);
export const notFound = (detail: string) => new ProblemException(404, 'NOT_FOUND', detail);
