import { Global, Module } from '@nestjs/common';
import { EnterpriseQueries } from './queries/enterprise.queries';
import { LicenceQueries } from './queries/licence.queries';
import { NumberQueries } from './queries/number.queries';
import { AccessQueries } from './queries/access.queries';
import { CaseQueries } from './queries/case.queries';
import { TimeTravel } from './queries/time-travel';
import { CreditListQueries } from './queries/credit-list.queries';

/** The queries, served from the read models (the deciders' facts are LedgerCoreModule's). */
@Global()
@Module({
  providers: [TimeTravel, EnterpriseQueries, LicenceQueries, NumberQueries, AccessQueries, CaseQueries, CreditListQueries],
  exports: [TimeTravel, EnterpriseQueries, LicenceQueries, NumberQueries, AccessQueries, CaseQueries, CreditListQueries],
})
export class ReadSideModule {}
