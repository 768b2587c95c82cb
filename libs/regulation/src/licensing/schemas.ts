import { ReadAs, rereadReason, type EventSchemas } from '../shared';
import type { LicenceWithdrawn } from './events';

/**
 * The shapes this context's events have had (see ../event-schemas.ts). The reasons of suspensions,
 * revocations and withdrawals the ledger carries out itself (a penalty's 停业整顿 or 吊销, a failed
 * 告知承诺 verification) are codes since LicenceSuspended 3, LicenceRevoked 3 and LicenceWithdrawn 2
 * (shared/wording.ts); the English sentences stored before are read as those codes. Suspensions
 * before version 4 began on the day they were recorded (`from`).
 */
export const LICENSING_SCHEMAS: EventSchemas = {
  // Version 1 suspensions lasted until a reinstatement.
  LicenceSuspended: {
    version: 4,
    upcasters: { 1: (v1) => ({ ...v1, until: null }), 2: rereadReason, 3: (v3) => ({ ...v3, from: v3.suspendedOn }) },
  },
  LicenceWithdrawn: { version: 2, upcasters: { 1: rereadReason } },
  /*
   * Version 1 also recorded the end of a 告知承诺 grant whose verification failed, as a revocation
   * on the ground `commitment-verification-failed`. That is a withdrawal (撤销, not a penalty):
   * version 2 revocations never carry that ground, and the old ones are read as LicenceWithdrawn,
   * so every reader (folds, projections, queries, time travel) gives them the meaning they had.
   */
  LicenceRevoked: {
    version: 3,
    readAs: ['LicenceWithdrawn'],
    upcasters: {
      1: (v1) => {
        if (v1.ground !== 'commitment-verification-failed') return { ...v1 };
        const withdrawn: LicenceWithdrawn['data'] = {
          applicationId: v1.applicationId as string,
          uscc: v1.uscc as string,
          licenceNumber: v1.licenceNumber as string,
          withdrawnOn: v1.revokedOn as string,
          reason: v1.reason as string,
          ground: 'commitment-verification-failed',
          fraud: false,
        };
        return new ReadAs('LicenceWithdrawn', 1, { ...withdrawn });
      },
      2: rereadReason,
    },
  },
};
