import { Module } from '@nestjs/common';
import { WorklistQueries } from '../queries/worklist.queries';
import { WorklistsController } from './worklists.controller';

@Module({ controllers: [WorklistsController], providers: [WorklistQueries] })
export class WorklistsModule {}
