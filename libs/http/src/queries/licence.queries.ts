import { Injectable } from '@nestjs/common';
import { orgScope, type Principal } from '@ledger/auth';
import { notFound } from '@ledger/platform';
import { licenceInForceSql, LicenceApplicationView, LicenceView, suspendedOnSql } from '@ledger/projections';
import { cstDate } from '@ledger/regulation/shared';
import { evolveLicensing, initialLicensingState, licenceApplicationStreamId, licenceStatusAt } from '@ledger/regulation/licensing';
import { licenceFact, ReadModels, type Page } from '@ledger/core';
import { In } from 'typeorm';
import { boundsJson, TimeTravel, travels, type Bounds } from './time-travel';
import { decodeCursor, encodeCursor } from '../http/params';

export const LICENCE_STATUSES = ['valid', 'suspended', 'revoked', 'withdrawn', 'cancelled', 'expired'] as const;

export interface LicenceFilter extends Page {
  readonly status?: (typeof LICENCE_STATUSES)[number];
  readonly province?: string;
  readonly uscc?: string;
}

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
    suspendedFrom: row.lifecycle === 'suspended' ? (row.suspendedFrom ?? null) : null,
    suspendedUntil: row.lifecycle === 'suspended' ? (row.suspendedUntil ?? null) : null,
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
    return this.timeTravel.fold(licenceApplicationStreamId(applicationId), 'licensing', initialLicensingState, evolveLicensing, bounds);
  }

  async application(applicationId: string, minPosition?: number, bounds: Bounds = {}) {
    if (travels(bounds)) {
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
    // In the past the answer's position is the fold's; the read model is asked only which application holds the number.
    const position = travels(bounds) && minPosition === undefined ? 0 : await this.readModels.settle(['licences'], minPosition);
    const row = await this.readModels.dataSource.manager.findOneBy(LicenceView, { licenceNumber });
    const ownOnly = principal.roles.includes('operator') ? orgScope(principal, 'operator') : undefined;
    if (!row || (ownOnly !== undefined && row.uscc !== ownOnly)) throw notFound(`No licence numbered ${licenceNumber}.`);
    if (!travels(bounds)) return { ...licenceJson(row, new Date().toISOString()), position };
    const folded = await this.foldApplication(row.applicationId, bounds);
    const { state } = folded;
    const status = licenceStatusAt(state, TimeTravel.judgedAt(bounds));
    if (!state.licence || !state.application || status === null)
      throw notFound(`No licence numbered ${licenceNumber} ${describeBounds(bounds)}.`);
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
      suspendedFrom: state.licence.standing === 'suspended' ? (state.licence.suspendedFrom ?? null) : null,
      suspendedUntil: state.licence.standing === 'suspended' ? (state.licence.suspendedUntil ?? null) : null,
      ...boundsJson(bounds, folded.position),
    };
  }

  /**
   * Filters by status (expiry derived from the asked date), covered province and holder. With
   * `asOf`/`validAt` the rows are the licence versions known at `asOf` and in effect at `validAt`
   * (the latest version per licence), so a past list is one query, not a replay.
   */
  async list(filter: LicenceFilter, principal: Principal, bounds: Bounds) {
    const { status, province, limit } = filter;
    const travelling = travels(bounds);
    const ownOnly = principal.roles.includes('operator') ? orgScope(principal, 'operator') : undefined;
    const uscc = ownOnly ?? filter.uscc;
    const after = decodeCursor(filter.cursor, (v): v is string => typeof v === 'string');
    const position = await this.readModels.settle(['licences'], filter.minPosition);
    const judgedAt = TimeTravel.judgedAt(bounds);
    const params: unknown[] = [cstDate(judgedAt), limit + 1];
    const param = (value: unknown) => `$${params.push(value)}`;
    const source = travelling
      ? `(select distinct on (licence_number) * from licence_versions
           where recorded_at <= ${param(bounds.asOf ?? new Date().toISOString())} and effective_at <= ${param(bounds.validAt ?? judgedAt)}
           order by licence_number, version desc)`
      : 'licences';
    const where: string[] = [];
    if (after) where.push(`l.licence_number > ${param(after)}`);
    if (uscc) where.push(`l.uscc = ${param(uscc)}`);
    if (province) where.push(`(${param(province)} = any(l.coverage) or 'nationwide' = any(l.coverage))`);
    if (status === 'expired') where.push(`l.lifecycle in ('valid', 'suspended') and l.valid_until < $1`);
    else if (status === 'valid') where.push(licenceInForceSql('l', '$1'));
    else if (status === 'suspended') where.push(`l.lifecycle = 'suspended' and ${suspendedOnSql('l', '$1')} and l.valid_until >= $1`);
    else if (status) where.push(`l.lifecycle = ${param(status)}`);
    const rows: Array<Record<string, unknown>> = await this.readModels.dataSource.query(
      `select l.licence_number, l.uscc, l.coverage, l.lifecycle, l.valid_until::text as valid_until, l.suspended_from::text as suspended_from, l.suspended_until::text as suspended_until, $1::date as judged_on from ${source} l
        ${where.length > 0 ? `where ${where.join(' and ')}` : ''} order by l.licence_number limit $2`,
      params,
    );
    const page = rows.slice(0, limit);
    const details =
      page.length === 0
        ? []
        : await this.readModels.dataSource.manager.findBy(LicenceView, { licenceNumber: In(page.map((r) => String(r.licence_number))) });
    const byNumber = new Map(details.map((d) => [d.licenceNumber, d]));
    return {
      items: page.map((r) => {
        const row = Object.assign(new LicenceView(), byNumber.get(String(r.licence_number)), {
          licenceNumber: String(r.licence_number),
          uscc: String(r.uscc),
          coverage: r.coverage as string[],
          lifecycle: String(r.lifecycle),
          validUntil: String(r.valid_until),
          suspendedFrom: r.suspended_from === null ? null : String(r.suspended_from),
          suspendedUntil: r.suspended_until === null ? null : String(r.suspended_until),
        });
        return licenceJson(row, judgedAt);
      }),
      nextCursor: rows.length > limit ? encodeCursor(String(page[page.length - 1]!.licence_number)) : null,
      ...boundsJson(bounds, position),
    };
  }
}

export function describeBounds(bounds: Bounds): string {
  const parts = [bounds.asOf ? `as recorded at ${bounds.asOf}` : '', bounds.validAt ? `in effect at ${bounds.validAt}` : ''];
  return parts.filter(Boolean).join(' and ');
}
