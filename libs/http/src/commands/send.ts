import type { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import type { CommandResponse } from '@ledger/core';

/** Sends a command on the bus and sets the status the executor chose (201, or 200 for a replay). */
export async function send(bus: CommandBus, response: Response, command: object): Promise<CommandResponse['body']> {
  const result = (await bus.execute(command as never)) as CommandResponse;
  response.status(result.status);
  return result.body;
}
