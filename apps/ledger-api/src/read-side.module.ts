import { Global, Module } from '@nestjs/common';
import { Facts } from './facts/facts.service';
import { EnterpriseQueries } from './queries/enterprise.queries';
import { LicenceQueries } from './queries/licence.queries';

/** Queries and deciders' facts, both served from the read models. */
@Global()
@Module({
  providers: [Facts, EnterpriseQueries, LicenceQueries],
  exports: [Facts, EnterpriseQueries, LicenceQueries],
})
export class ReadSideModule {}
