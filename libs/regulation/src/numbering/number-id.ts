import { PROVINCES, RuleViolation, isProvinceCode, malformed, type MalformedInput } from '../shared';

/**
 * Call-centre access numbers (电信业务接入号码). 95 numbers are allocated nationally by MIIT, so the
 * number is its own id; 96 numbers are allocated by each province, so the same 96 number can exist
 * in two provinces and its id is `<province code>-<number>` (docs/http-contract.md, Identifiers).
 */
export type NumberScope = 'national' | 'provincial';

export interface ParsedNumberId {
  readonly id: string;
  readonly number: string;
  readonly scope: NumberScope;
  /** GB/T 2260 code of the allocating province; null for a national 95 number. */
  readonly province: string | null;
}

export interface NumberingRules {
  /** Total digits of a 95/96 number, prefix included. *(check)* in docs/domain.md: 5 or 6. */
  readonly numberLengths: readonly number[];
}

export const DEFAULT_NUMBERING_RULES: NumberingRules = { numberLengths: [5, 6] };

export function numberStreamId(numberId: string): string {
  return `number-${numberId}`;
}

function hasAllowedLength(number: string, rules: NumberingRules): boolean {
  return /^\d+$/.test(number) && rules.numberLengths.includes(number.length);
}

/** The structured id, or null when `id` is not a well-formed 95 or `<province>-96` id. */
export function parseNumberId(id: string, rules: NumberingRules = DEFAULT_NUMBERING_RULES): ParsedNumberId | null {
  if (id.startsWith('95')) {
    return hasAllowedLength(id, rules) ? { id, number: id, scope: 'national', province: null } : null;
  }
  const provincial = /^(\d{6})-(96\d*)$/.exec(id);
  if (!provincial) return null;
  const [, province, number] = provincial as unknown as [string, string, string];
  if (!isProvinceCode(province) || !hasAllowedLength(number, rules)) return null;
  return { id, number, scope: 'provincial', province };
}

/**
 * Why `number` (with `province`) does not make an access-number id, naming the field and saying
 * why in words for a case officer; null when it does. A province given with a 95 number is
 * ignored: the contract requires it only for 96 numbers, and a national number has no province to record.
 */
export function numberIdProblem(
  number: string,
  province?: string | null,
  rules: NumberingRules = DEFAULT_NUMBERING_RULES,
): MalformedInput | null {
  const lengths = rules.numberLengths.join(' or ');
  if (!/^9[56]/.test(number) || !hasAllowedLength(number, rules)) {
    return malformed('number', `"${number}" is not a call-centre access number: it must be a 95 or 96 number of ${lengths} digits.`);
  }
  if (number.startsWith('95')) return null;
  if (province === undefined || province === null || province === '') {
    return malformed('province', `${number} is a 96 number, allocated by a province: give the province code (e.g. 110000 for Beijing).`);
  }
  if (!isProvinceCode(province)) {
    return malformed('province', `"${province}" is not a GB/T 2260 province code (e.g. 110000 for Beijing).`);
  }
  return null;
}

/** The id of `number`; throws malformed input when the number or its province is wrong. */
export function numberIdFor(number: string, province?: string | null, rules: NumberingRules = DEFAULT_NUMBERING_RULES): string {
  const problem = numberIdProblem(number, province, rules);
  if (problem) throw RuleViolation.of([problem]);
  return number.startsWith('95') ? number : `${province}-${number}`;
}

/** "95123" or "96123 (北京市)", for messages. */
export function describeNumber(id: string): string {
  const parsed = parseNumberId(id);
  if (!parsed || parsed.province === null) return id;
  return `${parsed.number} (${PROVINCES[parsed.province]?.name ?? parsed.province})`;
}
