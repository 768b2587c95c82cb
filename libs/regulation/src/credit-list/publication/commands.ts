import type { Command } from '../../shared';
import type { CreditList } from '../events';

/** The publishing authority is the officer's (the token's `org`), put here by the handler. */
export type PublishCreditList = Command<
  'PublishCreditList',
  {
    readonly authority: string;
    readonly period: string;
    readonly list: CreditList;
    readonly publishedOn: string;
  }
>;

export type CreditPublicationCommand = PublishCreditList;
