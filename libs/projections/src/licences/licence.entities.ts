import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber, dateAsString } from '../columns';

/** A licence application and, in `state`, the licensing decider's own fold of its stream. */
@Entity({ name: 'licence_applications' })
export class LicenceApplicationView {
  @PrimaryColumn({ name: 'application_id', type: 'text' })
  applicationId!: string;

  @Column({ type: 'text' })
  uscc!: string;

  @Column({ type: 'text' })
  stage!: string;

  @Column({ name: 'approval_path', type: 'text' })
  approvalPath!: string;

  @Column({ name: 'licence_number', type: 'text', nullable: true })
  licenceNumber!: string | null;

  @Column({ type: 'jsonb' })
  state!: unknown;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  position!: number;
}

/**
 * SQL: the licence row `alias` is in force on the day `day` (a parameter): valid, or suspended for
 * a period that is over or still to come, and not expired; the one rule licenceFact applies in code.
 */
export function licenceInForceSql(alias: string, day: string): string {
  return `(${alias}.valid_until >= ${day} and (${alias}.lifecycle = 'valid' or (${alias}.lifecycle = 'suspended' and not ${suspendedOnSql(alias, day)})))`;
}

/** SQL: the suspension the row `alias` records holds on `day` (its first day on or before, its last on or after). */
export function suspendedOnSql(alias: string, day: string): string {
  return `(coalesce(${alias}.suspended_from <= ${day}, true) and coalesce(${alias}.suspended_until >= ${day}, true))`;
}

/** One row per granted licence, with the columns the case officers filter on. */
@Entity({ name: 'licences' })
export class LicenceView {
  @PrimaryColumn({ name: 'licence_number', type: 'text' })
  licenceNumber!: string;

  @Column({ name: 'application_id', type: 'text' })
  applicationId!: string;

  @Column({ type: 'text' })
  uscc!: string;

  @Column({ type: 'text' })
  scope!: string;

  @Column({ type: 'text', array: true })
  coverage!: string[];

  @Column({ name: 'service_model', type: 'text' })
  serviceModel!: string;

  @Column({ name: 'approval_path', type: 'text' })
  approvalPath!: string;

  /** valid | suspended | revoked | withdrawn | cancelled — as events left it; `expired` is derived at read time. */
  @Column({ type: 'text' })
  lifecycle!: string;

  /** While suspended from a day later than the decision (责令停业整顿): that day; `valid` before it. */
  @Column({ name: 'suspended_from', type: 'date', nullable: true, transformer: dateAsString })
  suspendedFrom!: string | null;

  /** While suspended for a period (责令停业整顿): its last day; the status is `valid` after it. */
  @Column({ name: 'suspended_until', type: 'date', nullable: true, transformer: dateAsString })
  suspendedUntil!: string | null;

  @Column({ name: 'valid_from', type: 'date', transformer: dateAsString })
  validFrom!: string;

  @Column({ name: 'valid_until', type: 'date', transformer: dateAsString })
  validUntil!: string;

  @Column({ name: 'granted_on', type: 'date', transformer: dateAsString })
  grantedOn!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  position!: number;
}
