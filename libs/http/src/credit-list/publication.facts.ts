import { Inject, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { EventStore } from '@ledger/event-store';
import { CreditEntryView, EnterpriseHistoryEntry, EnterpriseView, LicenceView } from '@ledger/projections';
import type { CreditList, ListingBasis } from '@ledger/regulation/credit-list';
import type { ListedEntryFact } from '@ledger/regulation/credit-list/publication';
import { EVENT_STORE, ReadModels } from '@ledger/core';

type EntryRow = Pick<
  CreditEntryView,
  'entryId' | 'uscc' | 'list' | 'listedOn' | 'expiresOn' | 'removedOn' | 'reason' | 'authority' | 'data'
> & {
  listingOrg: string | null;
  registeredName: string | null;
};

/**
 * What a publication (公示) rests on, read from the read models as the ledger has recorded it now,
 * after waiting for them to reach the head of the log (as Facts does): a listing committed just
 * before the publication is in it.
 */
@Injectable()
export class PublicationFacts {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /**
   * The entries of `list` whose term runs over `day`, whoever listed them, each with the `org` its
   * listing was recorded with (from the enterprise history, which keeps every event's metadata),
   * the enterprise's registered name and, where the listing named no licence, the licences the
   * enterprise had been granted by `day`. The decider judges removals and the authority's scope.
   */
  async listedOn(list: CreditList, day: string): Promise<ListedEntryFact[]> {
    await this.readModels.caughtUp(['credit-list', 'enterprise-history', 'enterprises', 'licences'], await this.store.committedHead());
    const manager = this.readModels.dataSource.manager;
    const rows: EntryRow[] = await manager
      .createQueryBuilder(CreditEntryView, 'c')
      .leftJoin(
        EnterpriseHistoryEntry,
        'h',
        `h.uscc = c.uscc and h.stream_id = 'credit-entry-' || c.entry_id and h.type = 'CreditListEntryAdded'`,
      )
      .leftJoin(EnterpriseView, 'e', 'e.uscc = c.uscc')
      .select('c.entry_id', 'entryId')
      .addSelect('c.uscc', 'uscc')
      .addSelect('c.list', 'list')
      .addSelect('c.listed_on::text', 'listedOn')
      .addSelect('c.expires_on::text', 'expiresOn')
      .addSelect('c.removed_on::text', 'removedOn')
      .addSelect('c.reason', 'reason')
      .addSelect('c.authority', 'authority')
      .addSelect('c.data', 'data')
      .addSelect(`h.metadata->>'org'`, 'listingOrg')
      .addSelect('e.name', 'registeredName')
      .where('c.list = :list and c.listed_on <= :day and c.expires_on > :day', { list, day })
      .getRawMany();
    const licences = await this.licencesGrantedBy(
      rows.filter((row) => !recordedLicence(row)).map((row) => row.uscc),
      day,
    );
    return rows.map((row) => {
      const recorded = recordedLicence(row);
      return {
        entryId: row.entryId,
        uscc: row.uscc,
        list: row.list as CreditList,
        listedOn: row.listedOn,
        expiresOn: row.expiresOn,
        removedOn: row.removedOn,
        reason: row.reason,
        basis: (row.data.basis as ListingBasis | null | undefined) ?? null,
        enterpriseName: (row.data.enterpriseName as string | null | undefined) ?? row.registeredName,
        licenceNumbers: recorded ? [recorded] : (licences.get(row.uscc) ?? []),
        listingAuthority: row.listingOrg,
        listingAuthorityName: row.authority,
      };
    });
  }

  private async licencesGrantedBy(usccs: readonly string[], day: string): Promise<Map<string, string[]>> {
    const byHolder = new Map<string, string[]>();
    if (usccs.length === 0) return byHolder;
    const rows = await this.readModels.dataSource.manager.findBy(LicenceView, { uscc: In([...new Set(usccs)]) });
    for (const row of rows.filter((licence) => licence.grantedOn <= day)) {
      byHolder.set(row.uscc, [...(byHolder.get(row.uscc) ?? []), row.licenceNumber]);
    }
    return byHolder;
  }
}

function recordedLicence(row: EntryRow): string | null {
  const licenceNumber = row.data.licenceNumber;
  return typeof licenceNumber === 'string' ? licenceNumber : null;
}
