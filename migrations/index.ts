import { EventStore1764374400000 } from './1764374400000-event-store';
import { ReadModels1764374500000 } from './1764374500000-read-models';
import { NumbersAndAccess1764374600000 } from './1764374600000-numbers-and-access';
import { Subscriptions1764374700000 } from './1764374700000-subscriptions';
import { Enforcement1764374800000 } from './1764374800000-enforcement';
import { StateVersions1764375000000 } from './1764375000000-state-versions';
import { StreamSnapshots1764375100000 } from './1764375100000-stream-snapshots';
import { Integrity1764374900000 } from './1764374900000-integrity';
import { ProjectionFailures1764375200000 } from './1764375200000-projection-failures';
import { NamedSchemas1764375300000 } from './1764375300000-named-schemas';
import { AppendHorizon1764375400000 } from './1764375400000-append-horizon';
import { ConsumerCheckpoints1764375500000 } from './1764375500000-consumer-checkpoints';
import { CreditListTerms1764375600000 } from './1764375600000-credit-list-terms';
import { LicenceWithdrawals1764375800000 } from './1764375800000-licence-withdrawals';
import { LicenceSuspensionPeriods1764375900000 } from './1764375900000-licence-suspension-periods';
import { EnforcementReread1764376000000 } from './1764376000000-enforcement-reread';
import { CreditListReread1764376100000 } from './1764376100000-credit-list-reread';
import { ReasonWording1764376200000 } from './1764376200000-reason-wording';
import { InspectionOutcomes1764376300000 } from './1764376300000-inspection-outcomes';
import { HistoryByType1764376400000 } from './1764376400000-history-by-type';
import { SuspensionStarts1764376450000 } from './1764376450000-suspension-starts';
import { CarrierCases1764376500000 } from './1764376500000-carrier-cases';
import { CreditListPublications1764376600000 } from './1764376600000-credit-list-publications';
import { RecordedInOrder1764376700000 } from './1764376700000-recorded-in-order';
import { AppendRequires1764376800000 } from './1764376800000-append-requires';

/** Every migration in order. Listed by hand so that a build needs no file globbing. */
export const MIGRATIONS = [
  EventStore1764374400000,
  ReadModels1764374500000,
  NumbersAndAccess1764374600000,
  Subscriptions1764374700000,
  Enforcement1764374800000,
  StateVersions1764375000000,
  StreamSnapshots1764375100000,
  Integrity1764374900000,
  ProjectionFailures1764375200000,
  NamedSchemas1764375300000,
  AppendHorizon1764375400000,
  ConsumerCheckpoints1764375500000,
  CreditListTerms1764375600000,
  LicenceWithdrawals1764375800000,
  LicenceSuspensionPeriods1764375900000,
  EnforcementReread1764376000000,
  CreditListReread1764376100000,
  ReasonWording1764376200000,
  InspectionOutcomes1764376300000,
  HistoryByType1764376400000,
  SuspensionStarts1764376450000,
  CarrierCases1764376500000,
  CreditListPublications1764376600000,
  RecordedInOrder1764376700000,
  AppendRequires1764376800000,
];
