import { createHash } from 'node:crypto';
import { NO_STREAM, type AppendStreamState } from '@kurrent/kurrentdb-client';
import type { IdempotencyClaim } from '../event-store';
import { RESERVED_PREFIX } from './mapping';

/*
 * KurrentDB appends to one stream atomically, never to two (multi-stream appends need 25.1+ and
 * flatten metadata to strings), so an idempotency key cannot be recorded in the same write as
 * the events. Instead each key has a stream of its own, and its life is told by three events:
 *
 *   Claimed  (appended with NO_STREAM, or after a Released: the server lets one claimant win)
 *   Recorded (after the events were written: where they are)
 *   Released (the append failed: the key is free again)
 *
 * Recorded and Released are both appended expecting the Claimed revision, so only one of them
 * ever follows a claim. A writer that dies between its events and Recorded leaves the claim
 * pending; a reader completes it from the events themselves (their ids are in the claim).
 */

export const CLAIMED = 'IdempotencyKeyClaimed';
export const RECORDED = 'IdempotencyKeyRecorded';
export const RELEASED = 'IdempotencyKeyReleased';

export interface ClaimedData extends IdempotencyClaim {
  readonly streamId: string;
  readonly eventIds: readonly string[];
}

export interface RecordedData {
  readonly firstPosition: number;
  readonly lastPosition: number;
}

export interface ClaimEvent {
  readonly type: string;
  readonly revision: bigint;
  readonly data: unknown;
}

export type ClaimState =
  /** Nobody holds the key; a claim is appended expecting `expected`. */
  | { readonly status: 'free'; readonly expected: AppendStreamState }
  /** Claimed at `revision`; the events may or may not be written yet. */
  | { readonly status: 'pending'; readonly revision: bigint; readonly claim: ClaimedData }
  | { readonly status: 'recorded'; readonly claim: ClaimedData; readonly recorded: RecordedData };

/** Key streams are named by a hash: actors and keys are free text, stream names had better not be. */
export function claimStreamId(actor: string, key: string): string {
  return `${RESERVED_PREFIX}idempotency-${createHash('sha256')
    .update(JSON.stringify([actor, key]))
    .digest('hex')}`;
}

/** The stream that reserves an event id a caller chose, so no other event can take it. */
export function eventIdStreamId(eventId: string): string {
  return `${RESERVED_PREFIX}event-id-${eventId}`;
}

export function foldClaim(events: readonly ClaimEvent[]): ClaimState {
  let state: ClaimState = { status: 'free', expected: NO_STREAM };
  for (const event of events) {
    if (event.type === CLAIMED) state = { status: 'pending', revision: event.revision, claim: event.data as ClaimedData };
    else if (event.type === RELEASED) state = { status: 'free', expected: event.revision };
    else if (event.type === RECORDED && state.status === 'pending') {
      state = { status: 'recorded', claim: state.claim, recorded: event.data as RecordedData };
    }
  }
  return state;
}
