import { PROVINCES, isProvinceCode } from './identifiers';
import { RuleViolation } from './rule-violation';

/**
 * Jurisdiction (docs/domain.md §1): an authority acts only on what it issued. MIIT issues cross-regional
 * licences (`B2-…`) and allocates 95 numbers; a province's communications administration issues
 * its own licences (`京B2-…` for 110000) and allocates its 96 numbers (`110000-96…`). The authority
 * deciding a command is the officer token's `org`: `MIIT` or a GB/T 2260 province code.
 *
 * Pure: the command path names what a command acts on (JurisdictionSubject) and
 * assertWithinJurisdiction refuses the act when the actor's authority did not issue it.
 */
export const MIIT = 'MIIT';

/** `MIIT` or a GB/T 2260 province code. */
export type Authority = string;

export function isAuthority(org: unknown): org is Authority {
  return typeof org === 'string' && (org === MIIT || isProvinceCode(org));
}

const ABBREVIATION_TO_PROVINCE: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(PROVINCES).map(([code, { abbreviation }]) => [abbreviation, code]),
);

/**
 * Who issued a licence, read from its number: `B2-…` MIIT, `京B2-…` Beijing (110000). Null when the
 * number is not a licence number at all (the decider or the read side says so in its own words).
 */
export function authorityOfLicence(licenceNumber: string): Authority | null {
  const match = /^(.?)B2-/u.exec(licenceNumber);
  if (!match) return null;
  const prefix = match[1] as string;
  if (prefix === '') return MIIT;
  return ABBREVIATION_TO_PROVINCE[prefix] ?? null;
}

/** How the numbers of the licences an authority issues begin: `B2-` for MIIT, `京B2-` for 110000. */
export function licencePrefixOf(authority: Authority): string {
  return authority === MIIT ? 'B2-' : `${PROVINCES[authority]?.abbreviation ?? ''}B2-`;
}

/** Who allocates an access number, read from its id: `95…` MIIT, `110000-96…` that province. */
export function authorityOfNumber(numberId: string): Authority | null {
  if (/^95\d*$/.test(numberId)) return MIIT;
  const provincial = /^(\d{6})-96\d*$/.exec(numberId);
  return provincial && isProvinceCode(provincial[1] as string) ? (provincial[1] as string) : null;
}

/**
 * Who decides an application for a coverage: one province → that province (a provincial licence,
 * 京B2-…); several provinces or `nationwide` → MIIT (a cross-regional licence, B2-…). Licensing
 * Measures art. 5: cross-regional business is licensed by MIIT, business within one province by
 * that province.
 */
export function authorityOfCoverage(coverage: readonly string[]): Authority | null {
  const distinct = [...new Set(coverage)];
  if (distinct.length === 1 && isProvinceCode(distinct[0] as string)) return distinct[0] as string;
  return distinct.length > 0 ? MIIT : null;
}

/** What a command acts on, as far as jurisdiction is concerned. */
export type JurisdictionSubject =
  | { readonly kind: 'licence'; readonly licenceNumber: string }
  | { readonly kind: 'number'; readonly numberId: string }
  | { readonly kind: 'coverage'; readonly coverage: readonly string[] }
  /** A 双随机 draw is its drawing authority's; null for a draw recorded before draws named one. */
  | { readonly kind: 'inspection-draw'; readonly drawId: string; readonly authority: Authority | null };

/** The part of a command's envelope jurisdiction reads: who acts, with which roles, for which org. */
export interface JurisdictionActor {
  readonly sub: string;
  readonly roles: readonly string[];
  readonly org?: string | null;
}

/** Raised as a RuleViolation so every caller (HTTP, process managers) sees a refusal; HTTP answers 403 FORBIDDEN. */
export class OutsideJurisdiction extends RuleViolation {
  constructor(code: 'AUTHORITY_REQUIRED' | 'OUTSIDE_JURISDICTION', message: string) {
    super(code, message);
    this.name = 'OutsideJurisdiction';
  }
}

export function authorityName(authority: Authority): string {
  return authority === MIIT ? 'MIIT (工业和信息化部)' : `${PROVINCES[authority]?.name ?? authority} (${authority})`;
}

/** The administration's own name, as decisions are signed: 工业和信息化部, 北京市通信管理局. */
export function authorityDisplayName(authority: Authority): string {
  return authority === MIIT ? '工业和信息化部' : `${PROVINCES[authority]?.name ?? authority}通信管理局`;
}

function required(subject: JurisdictionSubject): { authority: Authority | null; what: string } {
  switch (subject.kind) {
    case 'licence':
      return { authority: authorityOfLicence(subject.licenceNumber), what: `licence ${subject.licenceNumber}` };
    case 'number':
      return { authority: authorityOfNumber(subject.numberId), what: `access number ${subject.numberId}` };
    case 'coverage':
      return { authority: authorityOfCoverage(subject.coverage), what: `an application covering ${subject.coverage.join(', ')}` };
    case 'inspection-draw':
      return { authority: subject.authority, what: `inspection draw ${subject.drawId}` };
  }
}

/**
 * Refuses a decision outside the actor's jurisdiction. Only officers decide as an authority:
 * - a process manager's follow-up (`system` role) is never refused here: it carries the authority
 *   of the decision that caused it, which was judged when that decision was made, and its
 *   consequences reach every stream the decision touches (a MIIT revocation stops the holder's 96
 *   numbers too); an old cause recorded before authorities were (org null) goes through the same;
 * - other roles (carrier, operator) are scoped by their own rules (org = carrier code or USCC);
 * - an officer without an authority may read but not decide (AUTHORITY_REQUIRED);
 * - an officer acting on a licence, number, application or inspection draw another authority
 *   issues, decides or drew is refused (OUTSIDE_JURISDICTION). A subject whose authority cannot
 *   be read (a malformed number) is left to the decider, which refuses it as malformed input in
 *   its own words; a draw recorded before draws named their authority is open to any authority.
 */
export function assertWithinJurisdiction(actor: JurisdictionActor, subjects: readonly JurisdictionSubject[] = []): void {
  if (actor.roles.includes('system') || !actor.roles.includes('officer')) return;
  const org = actor.org ?? null;
  if (!isAuthority(org)) {
    throw new OutsideJurisdiction(
      'AUTHORITY_REQUIRED',
      'This officer token names no authority (org: "MIIT" or a province code such as 110000), so it may read but not decide. Ask for a token issued for your authority.',
    );
  }
  for (const subject of subjects) {
    const { authority, what } = required(subject);
    if (authority === null || authority === org) continue;
    throw new OutsideJurisdiction(
      'OUTSIDE_JURISDICTION',
      `${what} is within the jurisdiction of ${authorityName(authority)}, not of ${authorityName(org)}: an authority acts only on what it issued.`,
    );
  }
}
