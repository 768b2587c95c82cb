import { Module } from '@nestjs/common';
import { StatisticsQueries } from '../queries/statistics.queries';
import { StatisticsController } from './statistics.controller';

@Module({ controllers: [StatisticsController], providers: [StatisticsQueries] })
export class StatisticsModule {}
