import { ConsoleLogger } from '@nestjs/common';
import { TracedLogger, withTrace } from './tracing';

/** The lines a logger writes for `write`, with the clock stopped so two loggers' lines compare. */
function linesOf(logger: ConsoleLogger, write: (logger: ConsoleLogger) => void): string[] {
  const lines: string[] = [];
  const capture = (chunk: string | Uint8Array) => void lines.push(String(chunk));
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (capture(chunk), true)),
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (capture(chunk), true)),
    jest.spyOn(Date, 'now').mockReturnValue(1_764_000_000_000),
  ];
  try {
    write(logger);
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines;
}

describe('TracedLogger', () => {
  const boom = new Error('boom');
  const messages: Array<(logger: ConsoleLogger) => void> = [
    (l) => l.log({ msg: 'request', method: 'POST', route: '/v1/enterprises', status: 201, durationMs: 3.4, caller: null, none: undefined }),
    (l) => l.warn('a plain sentence, with "quotes" and 中文', 'Context'),
    (l) => l.error({ msg: 'failed', when: 'now' }, 'Error: boom\n    at somewhere', 'HTTP'),
    (l) => l.log({ msg: 'nested', detail: { a: 1n, b: new Map([['k', 1]]) } }),
    (l) => l.error({ msg: 'an error value', error: boom }),
  ];

  it('writes the same JSON line as Nest’s own logger, through its fast path or Nest’s', () => {
    for (const write of messages) {
      expect(linesOf(new TracedLogger({ json: true }), write)).toEqual(linesOf(new ConsoleLogger({ json: true }), write));
    }
  });

  it('writes a line of plain fields without Nest’s replacer, and any other line through it', () => {
    // Nest's own writer, which the flat lines skip.
    const replacer = jest.spyOn(ConsoleLogger.prototype as unknown as { stringifyJsonLogObject: () => string }, 'stringifyJsonLogObject');
    try {
      for (const write of messages.slice(0, 3)) linesOf(new TracedLogger({ json: true }), write);
      expect(replacer).not.toHaveBeenCalled();
      for (const write of messages.slice(3)) linesOf(new TracedLogger({ json: true }), write);
      expect(replacer).toHaveBeenCalledTimes(2);
    } finally {
      replacer.mockRestore();
    }
  });

  it('merges the current request’s ids into the line', () => {
    const [line] = withTrace({ requestId: 'req-1', correlationId: 'case-7' }, () =>
      linesOf(new TracedLogger({ json: true }), (l) => l.log({ msg: 'request', status: 201 }, 'HTTP')),
    );
    expect(JSON.parse(line!)).toMatchObject({
      level: 'log',
      context: 'HTTP',
      message: { requestId: 'req-1', correlationId: 'case-7', msg: 'request', status: 201 },
    });
  });
});
