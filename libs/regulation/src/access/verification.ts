import { isCalendarDate, isCarrierCode, isValidUscc, malformed, type Violation, notACalendarDate } from '../shared';
import {
  coveringLicence,
  describeCoverageNeeded,
  describeLicences,
  describeNumber,
  parseNumberId,
  type NumberFact,
  type NumberingRules,
} from '../numbering';
import type { SignAccessContract } from './commands';
import type { Caution, FailedCheck, NumberChecked, VerificationRecord } from './events';
import type { SigningFacts } from './facts';

type Request = SignAccessContract['data'];

/** Malformed requests are refused outright: there is nothing to verify, so nothing to record. */
export function requestProblems(request: Request, rules: NumberingRules): Violation[] {
  const problems: Violation[] = [];
  if (!isCarrierCode(request.carrier)) {
    problems.push(malformed('carrier', `"${request.carrier}" is not a basic telecom carrier (CT, CU, CM or CBN).`));
  }
  if (!isValidUscc(request.uscc)) problems.push(malformed('uscc', `"${request.uscc}" is not a valid unified social credit code.`));
  if (request.numbers.length === 0) problems.push(malformed('numbers', 'An access request must name at least one access number.'));
  for (const id of request.numbers) {
    if (!parseNumberId(id, rules)) {
      problems.push(
        malformed('numbers', `"${id}" is not an access-number id (95xxx(x), or <province code>-96xxx(x) such as 110000-96123).`),
      );
    }
  }
  if (!isCalendarDate(request.verifiedOn)) {
    problems.push(notACalendarDate('verifiedOn', request.verifiedOn));
  }
  return problems;
}

/** Read-model rows may carry more columns; the record keeps only what was checked. */
function pickFiling(filing: NonNullable<NumberFact['filing']>): NonNullable<NumberFact['filing']> {
  const { carrier, purpose, inbound, outbound, outboundBasis } = filing;
  return { carrier, purpose, inbound, outbound, outboundBasis };
}

function checkNumber(id: string, fact: NumberFact | null | undefined, request: Request): FailedCheck | null {
  const number = describeNumber(id);
  if (!fact) {
    return { code: 'NUMBER_NOT_HELD', message: `Number ${number} is not known to the ledger: it has not been allocated to anyone.` };
  }
  if (fact.status === 'reclaimed') {
    return { code: 'NUMBER_NOT_HELD', message: `Number ${number} has been reclaimed from ${fact.uscc} and is held by no one.` };
  }
  if (fact.uscc !== request.uscc) {
    return { code: 'NUMBER_NOT_HELD', message: `Number ${number} is allocated to ${fact.uscc}, not to ${request.uscc}.` };
  }
  if (!fact.filing) {
    return { code: 'NUMBER_NOT_FILED', message: `Number ${number} has not been filed (备案) by its holder.` };
  }
  if (fact.status === 'stopped') {
    return {
      code: 'NUMBER_NOT_FILED',
      message: `The filing of number ${number} is not in force: no licence of ${fact.uscc} allows the number now.`,
    };
  }
  if (fact.filing.carrier !== request.carrier) {
    return {
      code: 'NUMBER_NOT_FILED',
      message: `Number ${number} is filed as connected through ${fact.filing.carrier}, not ${request.carrier}; the holder must change its filing first.`,
    };
  }
  return null;
}

function checkLicences(numbers: readonly NumberChecked[], facts: SigningFacts) {
  const failed: FailedCheck[] = [];
  const relied = new Set<string>();
  if (!facts.licences.some((licence) => licence.status === 'valid')) {
    failed.push({
      code: 'LICENCE_NOT_VALID',
      message: `The enterprise holds no valid call-centre licence; ${describeLicences(facts.licences)}.`,
    });
    return { failed, relied: [] };
  }
  const byProvince = new Map<string | null, string[]>();
  for (const number of numbers) byProvince.set(number.province, [...(byProvince.get(number.province) ?? []), number.numberId]);
  for (const [province, ids] of byProvince) {
    const licence = coveringLicence(facts.licences, province);
    if (licence) {
      relied.add(licence.licenceNumber);
    } else {
      failed.push({
        code: 'LICENCE_NOT_VALID',
        message: `No valid licence of the enterprise covers ${describeCoverageNeeded(province)}, needed for ${ids.map(describeNumber).join(', ')}; ${describeLicences(facts.licences)}.`,
      });
    }
  }
  return { failed, relied: [...relied] };
}

/**
 * 核实必要信息: every check the Notice requires before access, run in full so that a refusal
 * records each reason, not only the first.
 */
export function verifyAccessRequest(
  request: Request & { numbers: readonly string[] },
  facts: SigningFacts,
  rules: NumberingRules,
): { record: VerificationRecord; failedChecks: FailedCheck[] } {
  const failedChecks: FailedCheck[] = [];
  if (!facts.enterpriseRegistered) {
    failedChecks.push({ code: 'ENTERPRISE_NOT_REGISTERED', message: `Enterprise ${request.uscc} is not registered.` });
  }
  const numbers: NumberChecked[] = request.numbers.map((numberId) => {
    const fact = facts.numbers[numberId] ?? null;
    return {
      numberId,
      province: parseNumberId(numberId, rules)?.province ?? null,
      known: fact !== null,
      holder: fact?.uscc ?? null,
      status: fact?.status ?? null,
      filing: fact?.filing ? pickFiling(fact.filing) : null,
    };
  });
  const licences = checkLicences(numbers, facts);
  failedChecks.push(...licences.failed);
  for (const numberId of request.numbers) {
    const failed = checkNumber(numberId, facts.numbers[numberId], request);
    if (failed) failedChecks.push(failed);
  }
  // Carriers treat the dishonest list as a bar to new access (信用约束)...
  if (facts.creditStanding.dishonest) {
    failedChecks.push({
      code: 'CREDIT_CONSTRAINT',
      message: `Enterprise ${request.uscc} is on the dishonest list (失信名单); no new access may be given while it is listed.`,
    });
  }
  // ...and the bad list as a reason for caution (审慎与存在骚扰电话问题的企业合作), not a refusal.
  const cautions: Caution[] = facts.creditStanding.bad
    ? [{ kind: 'bad-list', message: `Enterprise ${request.uscc} is on the bad list (不良名单): cooperate with caution.` }]
    : [];
  return {
    record: {
      enterpriseRegistered: facts.enterpriseRegistered,
      licences: facts.licences.map(({ licenceNumber, status, coverage }) => ({ licenceNumber, status, coverage: [...coverage] })),
      licencesRelied: licences.relied,
      numbers,
      creditStanding: { bad: facts.creditStanding.bad, dishonest: facts.creditStanding.dishonest },
      cautions,
    },
    failedChecks,
  };
}
