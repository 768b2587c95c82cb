import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber, dateAsString } from '../columns';

/** A carrier's access contract (接入), with the verification record and any refusals. */
@Entity({ name: 'access_contracts' })
export class AccessContractView {
  @PrimaryColumn({ name: 'contract_id', type: 'text' })
  contractId!: string;

  @Column({ type: 'text', nullable: true })
  carrier!: string | null;

  @Column({ type: 'text', nullable: true })
  uscc!: string | null;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'text', array: true })
  numbers!: string[];

  @Column({ name: 'verified_on', type: 'date', nullable: true, transformer: dateAsString })
  verifiedOn!: string | null;

  @Column({ type: 'jsonb' })
  state!: unknown;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  position!: number;
}
