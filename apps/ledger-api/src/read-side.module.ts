import { Global, Module } from '@nestjs/common';
import { Facts } from './facts/facts.service';
import { EnterpriseQueries } from './queries/enterprise.queries';
import { LicenceQueries } from './queries/licence.queries';
import { NumberQueries } from './queries/number.queries';
import { AccessQueries } from './queries/access.queries';
import { CaseQueries } from './queries/case.queries';
import { CreditListQueries } from './queries/credit-list.queries';

/** Queries and deciders' facts, both served from the read models. */
@Global()
@Module({
  providers: [Facts, EnterpriseQueries, LicenceQueries, NumberQueries, AccessQueries, CaseQueries, CreditListQueries],
  exports: [Facts, EnterpriseQueries, LicenceQueries, NumberQueries, AccessQueries, CaseQueries, CreditListQueries],
})
export class ReadSideModule {}
