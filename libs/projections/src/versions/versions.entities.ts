import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber, dateAsString } from '../columns';

/** A licence as one event left it: valid from `effectiveAt`, known from `recordedAt`. */
@Entity({ name: 'licence_versions' })
export class LicenceVersion {
  @PrimaryColumn({ name: 'licence_number', type: 'text' })
  licenceNumber!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  uscc!: string;

  @Column({ type: 'text', array: true })
  coverage!: string[];

  /** valid | suspended | revoked | cancelled: expiry is derived from valid_until at the asked date. */
  @Column({ type: 'text' })
  lifecycle!: string;

  @Column({ name: 'valid_until', type: 'date', transformer: dateAsString })
  validUntil!: string;

  @Column({ name: 'suspended_from', type: 'date', nullable: true, transformer: dateAsString })
  suspendedFrom!: string | null;

  @Column({ name: 'suspended_until', type: 'date', nullable: true, transformer: dateAsString })
  suspendedUntil!: string | null;

  @Column({ name: 'effective_at', type: 'timestamptz' })
  effectiveAt!: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  position!: number;
}

/** A number as one event left it (holder, status, filing carrier and outbound). */
@Entity({ name: 'number_versions' })
export class NumberVersion {
  @PrimaryColumn({ name: 'number_id', type: 'text' })
  numberId!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'text', nullable: true })
  uscc!: string | null;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'text', nullable: true })
  carrier!: string | null;

  @Column({ type: 'boolean', nullable: true })
  outbound!: boolean | null;

  @Column({ name: 'effective_at', type: 'timestamptz' })
  effectiveAt!: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  position!: number;
}
