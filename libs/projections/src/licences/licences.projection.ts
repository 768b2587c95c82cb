import type { EventSchemaRegistry, RecordedEvent } from '@ledger/event-store';
import {
  applicationStage,
  evolveLicensing,
  initialLicensingState,
  type LicensingEvent,
  type LicensingState,
} from '@ledger/regulation/licensing';
import type { Rows, RowsToLoad } from '../page-rows';
import type { Projection } from '../projection';
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

/**
 * Licence state, folded by the licensing context's own `evolve` so that the read model can never
 * disagree with the rules about what an event means. An event already applied (its version is
 * not above the row's) is ignored, which makes replays harmless.
 */
export class LicencesProjection implements Projection {
  readonly name = 'licences';
  readonly eventTypes: readonly string[];
  readonly tables = ['licence_applications', 'licences', 'licence_versions'];

  constructor(private readonly schemas: EventSchemaRegistry) {
    this.eventTypes = schemas.storedTypes(LICENSING_EVENT_TYPES);
  }

  rowsToLoad(events: readonly RecordedEvent[]): RowsToLoad[] {
    return [
      { entity: LicenceApplicationView, keys: events.map((event) => this.schemas.toDomainEvent<LicensingEvent>(event).data.applicationId) },
    ];
  }

  async apply(event: RecordedEvent, rows: Rows): Promise<void> {
    const domainEvent = this.schemas.toDomainEvent<LicensingEvent>(event);
    const applicationId = domainEvent.data.applicationId;
    const row = await rows.find(LicenceApplicationView, applicationId);
    if (row && row.version >= event.version) return;
    const state = evolveLicensing((row?.state as LicensingState | undefined) ?? initialLicensingState(), domainEvent);
    const application = state.application;
    if (!application) return;
    await rows.upsert(LicenceApplicationView, {
      applicationId,
      uscc: application.uscc,
      stage: applicationStage(state),
      approvalPath: application.approvalPath,
      licenceNumber: state.licence?.licenceNumber ?? null,
      state,
      version: event.version,
      position: event.position,
    });
    const licence = state.licence;
    if (!licence) return;
    await rows.upsert(LicenceView, {
      licenceNumber: licence.licenceNumber,
      applicationId,
      uscc: application.uscc,
      scope: application.scope,
      coverage: [...licence.coverage],
      serviceModel: licence.serviceModel,
      approvalPath: application.approvalPath,
      lifecycle: licence.standing === 'in-force' ? 'valid' : licence.standing,
      suspendedFrom: licence.suspendedFrom ?? null,
      suspendedUntil: licence.suspendedUntil ?? null,
      validFrom: licence.validFrom,
      validUntil: licence.validUntil,
      grantedOn: licence.grantedOn,
      position: event.position,
    });
    rows.insert(LicenceVersion, {
      licenceNumber: licence.licenceNumber,
      version: event.version,
      uscc: application.uscc,
      coverage: [...licence.coverage],
      lifecycle: licence.standing === 'in-force' ? 'valid' : licence.standing,
      validUntil: licence.validUntil,
      suspendedFrom: licence.suspendedFrom ?? null,
      suspendedUntil: licence.suspendedUntil ?? null,
      effectiveAt: new Date(event.effectiveAt),
      recordedAt: new Date(event.recordedAt),
      position: event.position,
    });
  }
}
