import { Injectable } from '@nestjs/common';
import { orgScope, type Principal } from '@ledger/auth';
import { notFound } from '@ledger/platform';
import { LicenceApplicationView, LicenceView } from '@ledger/projections';
import { cstDate, isProvinceCode, isValidUscc } from '@ledger/regulation/shared';
import { evolveLicensing, initialLicensingState, licenceApplicationStreamId, licenceStatusAt } from '@ledger/regulation/licensing';
import { licenceFact } from '../facts/facts.service';
import { boundsJson, TimeTravel, type Bounds } from './time-travel';
import { decodeCursor, encodeCursor, invalid, optionalLimit, optionalPosition } from '../http/params';
import { ReadModels } from './read-models';

export interface LicenceFilter {
  readonly status?: string;
  readonly province?: string;
  readonly uscc?: string;
  readonly limit?: string;
  readonly cursor?: string;
  readonly minPosition?: string;
}

const STATUSES = ['valid', 'suspended', 'revoked', 'cancelled', 'expired'] as const;

export function licenceJson(row: LicenceView, at: string) {
  return {
    licenceNumber: row.licenceNumber,
    applicationId: row.applicationId,
    uscc: row.uscc,
    status: licenceFact(row, at).status,
    scope: row.scope,
    coverage: row.coverage,
    serviceModel: row.serviceModel,
    approvalPath: row.approvalPath,
    grantedOn: row.grantedOn,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
  };
}


@Injectable()
export class LicenceQueries {
  constructor(
    private readonly readModels: ReadModels,
    private readonly timeTravel: TimeTravel,
  ) {}

  /** The application's stream folded as recorded at `asOf` and/or in effect at `validAt`. */
  private foldApplication(applicationId: string, bounds: Bounds) {
    return this.timeTravel.fold(licenceApplicationStreamId(applicationId), initialLicensingState, evolveLicensing, bounds);
  }

  async application(applicationId: string, minPosition?: number, bounds: Bounds = {}) {
    if (bounds.asOf || bounds.validAt) {
      const { state, position } = await this.foldApplication(applicationId, bounds);
      if (!state.application) throw notFound(`No licence application ${applicationId} ${describeBounds(bounds)}.`);
      return {
        applicationId,
        uscc: state.application.uscc,
        stage: state.stage,
        approvalPath: state.application.approvalPath,
        licenceNumber: state.licence?.licenceNumber ?? null,
        application: state.application,
        siteInspections: state.siteInspections,
        decisionReason: state.decisionReason,
        licence: state.licence,
        ...boundsJson(bounds, position),
      };
    }
    const position = await this.readModels.settle(['licences'], minPosition);
    const row = await this.readModels.dataSource.manager.findOneBy(LicenceApplicationView, { applicationId });
    if (!row) throw notFound(`No licence application ${applicationId}.`);
    const state = row.state as Record<string, unknown>;
    return {
      applicationId: row.applicationId,
      uscc: row.uscc,
      stage: row.stage,
      approvalPath: row.approvalPath,
      licenceNumber: row.licenceNumber,
      application: state.application,
      siteInspections: state.siteInspections,
      decisionReason: state.decisionReason,
      licence: state.licence,
      version: row.version,
      position,
    };
  }

  async licence(licenceNumber: string, principal: Principal, minPosition?: number, bounds: Bounds = {}) {
    const position = await this.readModels.settle(['licences'], minPosition);
    const row = await this.readModels.dataSource.manager.findOneBy(LicenceView, { licenceNumber });
    const ownOnly = principal.roles.includes('operator') ? orgScope(principal, 'operator') : undefined;
    if (!row || (ownOnly !== undefined && row.uscc !== ownOnly)) throw notFound(`No licence numbered ${licenceNumber}.`);
    if (!bounds.asOf && !bounds.validAt) return { ...licenceJson(row, new Date().toISOString()), position };
    const folded = await this.foldApplication(row.applicationId, bounds);
    const { state } = folded;
    const status = licenceStatusAt(state, TimeTravel.judgedAt(bounds));
    if (!state.licence || !state.application || status === null) throw notFound(`No licence numbered ${licenceNumber} ${describeBounds(bounds)}.`);
    return {
      licenceNumber,
      applicationId: row.applicationId,
      uscc: state.application.uscc,
      status,
      scope: state.application.scope,
      coverage: state.licence.coverage,
      serviceModel: state.licence.serviceModel,
      approvalPath: state.application.approvalPath,
      grantedOn: state.licence.grantedOn,
      validFrom: state.licence.validFrom,
      validUntil: state.licence.validUntil,
      ...boundsJson(bounds, folded.position),
    };
  }

  /** Filters by status (expiry derived from today's CST date), covered province and holder. */
  async list(filter: LicenceFilter, principal: Principal) {
    const { status, province } = filter;
    if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) throw invalid('status', `must be one of ${STATUSES.join(', ')}`);
    if (province !== undefined && !isProvinceCode(province)) throw invalid('province', 'must be a GB/T 2260 province code');
    if (filter.uscc !== undefined && !isValidUscc(filter.uscc)) throw invalid('uscc', 'is not a valid unified social credit code');
    const ownOnly = principal.roles.includes('operator') ? orgScope(principal, 'operator') : undefined;
    const uscc = ownOnly ?? filter.uscc;
    const limit = optionalLimit(filter.limit);
    const after = decodeCursor(filter.cursor, (v): v is string => typeof v === 'string');
    const position = await this.readModels.settle(['licences'], optionalPosition(filter.minPosition, 'minPosition'));
    const now = new Date().toISOString();
    const today = cstDate(now);
    const query = this.readModels.dataSource.manager.createQueryBuilder(LicenceView, 'l').orderBy('l.licence_number', 'ASC').limit(limit + 1);
    if (after) query.andWhere('l.licence_number > :after', { after });
    if (uscc) query.andWhere('l.uscc = :uscc', { uscc });
    if (province) query.andWhere(`(l.coverage @> array[:province]::text[] or l.coverage @> array['nationwide']::text[])`, { province });
    if (status === 'expired') query.andWhere(`l.lifecycle in ('valid', 'suspended') and l.valid_until < :today`, { today });
    else if (status === 'valid' || status === 'suspended') query.andWhere('l.lifecycle = :status and l.valid_until >= :today', { status, today });
    else if (status) query.andWhere('l.lifecycle = :status', { status });
    const rows = await query.getMany();
    const page = rows.slice(0, limit);
    return {
      items: page.map((row) => licenceJson(row, now)),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.licenceNumber) : null,
      position,
    };
  }
}

export function describeBounds(bounds: Bounds): string {
  const parts = [bounds.asOf ? `as recorded at ${bounds.asOf}` : '', bounds.validAt ? `in effect at ${bounds.validAt}` : ''];
  return parts.filter(Boolean).join(' and ');
}
