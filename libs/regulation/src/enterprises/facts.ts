/** Every command acts at `at` (ISO instant, UTC); no enterprise rule needs facts from other streams. */
export interface EnterpriseContext {
  readonly at: string;
}
