import { Injectable } from '@nestjs/common';
import { orgScope, type Principal } from '@ledger/auth';
import { notFound, ProblemException } from '@ledger/platform';
import { LicenceApplicationView, LicenceView } from '@ledger/projections';
import { cstDate, isProvinceCode, isValidUscc } from '@ledger/regulation/shared';
import { licenceFact } from '../facts/facts.service';
import { decodeCursor, encodeCursor, optionalLimit, optionalPosition } from '../http/params';
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

function invalid(field: string, message: string) {
  return new ProblemException(400, 'VALIDATION_FAILED', `${field} ${message}.`, { violations: [{ field, message }] });
}

@Injectable()
export class LicenceQueries {
  constructor(private readonly readModels: ReadModels) {}

  async application(applicationId: string, minPosition?: number) {
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

  async licence(licenceNumber: string, principal: Principal, minPosition?: number) {
    const position = await this.readModels.settle(['licences'], minPosition);
    const row = await this.readModels.dataSource.manager.findOneBy(LicenceView, { licenceNumber });
    const ownOnly = principal.roles.includes('operator') ? orgScope(principal, 'operator') : undefined;
    if (!row || (ownOnly !== undefined && row.uscc !== ownOnly)) throw notFound(`No licence numbered ${licenceNumber}.`);
    return { ...licenceJson(row, new Date().toISOString()), position };
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
