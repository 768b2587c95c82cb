import type { EventSchemaRegistry, RecordedEvent } from '@ledger/event-store';
import {
  applicationStage,
  evolveLicensing,
  initialLicensingState,
  type Licence,
  type LicensingEvent,
  type LicensingState,
} from '@ledger/regulation/licensing';
import type { Rows, RowsToLoad } from '../page-rows';
import type { Projection } from '../projection';
import { foldIntoRow, foldRowsToLoad, type StreamFold } from '../stream-fold';
import { LicenceVersion } from '../versions/versions.entities';
import { LicenceApplicationView, LicenceView } from './licence.entities';

export const LICENSING_EVENT_TYPES: readonly LicensingEvent['type'][] = [
  'LicenceApplicationSubmitted',
  'LicenceApplicationAccepted',
  'LicenceApplicationNotAccepted',
  'SiteInspectionRecorded',
  'LicenceGranted',
  'LicenceRefused',
  'LicenceRenewed',
  'LicenceVaried',
  'LicenceSuspended',
  'LicenceReinstated',
  'LicenceRevoked',
  'LicenceWithdrawn',
  'LicenceCancelled',
  'CommitmentVerificationRecorded',
];

/** What the licence's row calls its standing: `expired` is derived at read time, never stored. */
function lifecycleOf(licence: Licence): string {
  return licence.standing === 'in-force' ? 'valid' : licence.standing;
}

/** An application's row, and once granted the licence's under its number. */
const fold: StreamFold<LicensingState, LicensingEvent> = {
  entity: LicenceApplicationView,
  keyProperty: 'applicationId',
  key: (event) => event.data.applicationId,
  initial: initialLicensingState,
  evolve: evolveLicensing,
  columns: (state) =>
    state.application && {
      uscc: state.application.uscc,
      stage: applicationStage(state),
      approvalPath: state.application.approvalPath,
      licenceNumber: state.licence?.licenceNumber ?? null,
    },
  views: [
    {
      entity: LicenceView,
      row: ({ application, licence }, event, position) =>
        application &&
        licence && {
          licenceNumber: licence.licenceNumber,
          applicationId: event.data.applicationId,
          uscc: application.uscc,
          scope: application.scope,
          coverage: [...licence.coverage],
          serviceModel: licence.serviceModel,
          approvalPath: application.approvalPath,
          lifecycle: lifecycleOf(licence),
          suspendedFrom: licence.suspendedFrom ?? null,
          suspendedUntil: licence.suspendedUntil ?? null,
          validFrom: licence.validFrom,
          validUntil: licence.validUntil,
          grantedOn: licence.grantedOn,
          position,
        },
    },
  ],
};

/** Licence applications and licences, and each version of a licence as an event left it. */
export class LicencesProjection implements Projection {
  readonly name = 'licences';
  readonly eventTypes: readonly string[];
  readonly tables = ['licence_applications', 'licences', 'licence_versions'];

  constructor(private readonly schemas: EventSchemaRegistry) {
    this.eventTypes = schemas.storedTypes(LICENSING_EVENT_TYPES);
  }

  rowsToLoad(events: readonly RecordedEvent[]): RowsToLoad[] {
    return foldRowsToLoad(fold, this.schemas, events);
  }

  async apply(event: RecordedEvent, rows: Rows): Promise<void> {
    const state = await foldIntoRow(fold, this.schemas, event, rows);
    const licence = state?.licence;
    if (!state?.application || !licence) return;
    rows.insert(LicenceVersion, {
      licenceNumber: licence.licenceNumber,
      version: event.version,
      uscc: state.application.uscc,
      coverage: [...licence.coverage],
      lifecycle: lifecycleOf(licence),
      validUntil: licence.validUntil,
      suspendedFrom: licence.suspendedFrom ?? null,
      suspendedUntil: licence.suspendedUntil ?? null,
      effectiveAt: new Date(event.effectiveAt),
      recordedAt: new Date(event.recordedAt),
      position: event.position,
    });
  }
}
