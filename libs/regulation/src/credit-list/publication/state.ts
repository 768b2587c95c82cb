import type { CreditList } from '../events';
import type { CreditListPublished, CreditPublicationEvent } from './events';

export interface CreditPublicationState {
  readonly published: CreditListPublished['data'] | null;
}

/** One publication per authority, quarter and list: `MIIT-2025-Q3-bad`. */
export function creditPublicationId(authority: string, period: string, list: CreditList): string {
  return `${authority}-${period}-${list}`;
}

export function creditPublicationStreamId(publicationId: string): string {
  return `credit-publication-${publicationId}`;
}

export const initialCreditPublicationState = (): CreditPublicationState => ({ published: null });

export function evolveCreditPublication(state: CreditPublicationState, event: CreditPublicationEvent): CreditPublicationState {
  return event.type === 'CreditListPublished' ? { published: event.data } : state;
}
