import { Global, Module } from '@nestjs/common';
import { Facts } from './facts/facts.service';
import { EnterpriseQueries } from './queries/enterprise.queries';
import { LicenceQueries } from './queries/licence.queries';
import { NumberQueries } from './queries/number.queries';
import { AccessQueries } from './queries/access.queries';
import { CaseQueries } from './queries/case.queries';
import { TimeTravel } from './queries/time-travel';
import { CreditListQueries } from './queries/credit-list.queries';

/** Queries and deciders' facts, both served from the read models. */
@Global()
@Module({
  providers: [TimeTravel, Facts, EnterpriseQueries, LicenceQueries, NumberQueries, AccessQueries, CaseQueries, CreditListQueries],
  exports: [TimeTravel, Facts, EnterpriseQueries, LicenceQueries, NumberQueries, AccessQueries, CaseQueries, CreditListQueries],
})
export class ReadSideModule {}
