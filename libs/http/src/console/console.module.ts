import { Module } from '@nestjs/common';
import { ConsoleController } from './console.controller';
import { DevTokenController } from './dev-token.controller';

@Module({ controllers: [ConsoleController, DevTokenController] })
export class ConsoleModule {}
