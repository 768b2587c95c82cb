import type { Bounds } from '@ledger/event-store';
import { LicenceView } from '@ledger/projections';
import { In } from 'typeorm';
import type { ReadModels } from '../queries/read-models';
import { licenceFact, type LicenceColumns, type LicenceFactRow } from './facts.service';

/** The instant a read within `bounds` judges statuses at: valid time, else transaction time, else now. */
export function judgedAt(bounds: Bounds): string {
  return bounds.validAt ?? bounds.asOf ?? new Date().toISOString();
}

/**
 * Every licence of these holders as it stood within the bounds (the latest version recorded by
 * `asOf` and in effect by `validAt`; the read model without bounds), judged at the bounds' time:
 * what a number's status at that time rests on, for the number queries and for the consequences
 * process manager judging a decision by the licences recorded when it was.
 */
export async function licencesOfHolders(
  readModels: ReadModels,
  usccs: readonly string[],
  bounds: Bounds,
): Promise<Map<string, LicenceFactRow[]>> {
  const byHolder = new Map<string, LicenceFactRow[]>();
  if (usccs.length === 0) return byHolder;
  const at = judgedAt(bounds);
  const rows: LicenceColumns[] =
    bounds.asOf !== undefined || bounds.validAt !== undefined
      ? (
          await readModels.dataSource.query(
            `select distinct on (licence_number) licence_number, uscc, lifecycle, coverage, valid_until::text as valid_until,
                    suspended_from::text as suspended_from, suspended_until::text as suspended_until
               from licence_versions where uscc = any($1) and recorded_at <= $2 and effective_at <= $3
              order by licence_number, version desc`,
            [[...usccs], bounds.asOf ?? new Date().toISOString(), bounds.validAt ?? at],
          )
        ).map((r: Record<string, unknown>) => ({
          licenceNumber: String(r.licence_number),
          uscc: String(r.uscc),
          lifecycle: String(r.lifecycle),
          coverage: r.coverage as string[],
          validUntil: String(r.valid_until),
          suspendedFrom: r.suspended_from === null ? null : String(r.suspended_from),
          suspendedUntil: r.suspended_until === null ? null : String(r.suspended_until),
        }))
      : await readModels.dataSource.manager.findBy(LicenceView, { uscc: In([...usccs]) });
  for (const row of rows) byHolder.set(row.uscc, [...(byHolder.get(row.uscc) ?? []), licenceFact(row, at)]);
  return byHolder;
}
