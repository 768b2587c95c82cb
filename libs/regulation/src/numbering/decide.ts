import {
  assertNever,
  invalidTransition,
  isCalendarDate,
  isCarrierCode,
  isValidUscc,
  malformed,
  RuleViolation,
  cstDate,
  type Decider,
  type Violation,
  notACalendarDate,
} from '../shared';
import type { AllocateNumber, FileNumber, NumberingCommand, ReclaimNumber, ResumeNumberFiling, StopNumberFiling } from './commands';
import type { NumberingEvent, Filing, OutboundBasis } from './events';
import {
  coveringLicence,
  describeCoverageNeeded,
  describeLicences,
  required,
  type LicenceCoverageFact,
  type NumberingContext,
} from './facts';
import { DEFAULT_NUMBERING_RULES, numberIdFor, numberIdProblem, type NumberingRules } from './number-id';
import { evolveNumber, initialNumberState, type NumberState } from './state';

const OUTBOUND_BASES: readonly string[] = ['user-consent', 'callback'] satisfies OutboundBasis[];

function throwIfAny(violations: readonly Violation[]): void {
  if (violations.length > 0) throw RuleViolation.of(violations);
}

function allocate(command: AllocateNumber, state: NumberState, context: NumberingContext, rules: NumberingRules) {
  const { number, province, uscc, allocatedOn } = command.data;
  // A reclaimed (收回) number returns to the pool and may be allocated again, on the same stream.
  if (state.status === 'allocated' || state.status === 'filed') {
    throw new RuleViolation(
      'ALREADY_EXISTS',
      `Number ${state.numberId} is already allocated to ${state.holder}; it must be reclaimed before it can be allocated again.`,
    );
  }
  const violations: Violation[] = [];
  const idProblem = numberIdProblem(number, province, rules);
  if (idProblem) violations.push(idProblem);
  if (!isValidUscc(uscc)) violations.push(malformed('uscc', `"${uscc}" is not a valid unified social credit code.`));
  if (!isCalendarDate(allocatedOn)) {
    violations.push(notACalendarDate('allocatedOn', allocatedOn));
  }
  if (!required(context, 'enterpriseRegistered', command.type)) {
    violations.push({
      code: 'ENTERPRISE_NOT_REGISTERED',
      message: `Enterprise ${uscc} is not registered; register it before allocating numbers to it.`,
    });
  }
  throwIfAny(violations);
  const national = number.startsWith('95');
  return [
    {
      type: 'NumberAllocated' as const,
      data: {
        numberId: numberIdFor(number, province, rules),
        number,
        scope: national ? ('national' as const) : ('provincial' as const),
        province: national ? null : (province as string),
        uscc,
        allocatedOn,
      },
    },
  ];
}

function filingChecks(command: FileNumber, state: NumberState, context: NumberingContext): Violation[] {
  const { carrier, outbound, outboundBasis } = command.data;
  const licences = required(context, 'holderLicences', command.type);
  const credit = required(context, 'creditStanding', command.type);
  const violations: Violation[] = [];
  if (!isCarrierCode(carrier)) {
    violations.push(malformed('carrier', `"${carrier}" is not a basic telecom carrier; file the carrier as CT, CU, CM or CBN.`));
  }
  // 原则上只开通呼入功能: outbound only on the user's consent or a callback the user asked for, never marketing.
  if (outbound && outboundBasis === 'marketing') {
    violations.push({
      code: 'MARKETING_OUTBOUND_FORBIDDEN',
      message: 'Commercial marketing calls are never a basis for outbound calls on a call-centre number.',
    });
  } else if (outbound && !OUTBOUND_BASES.includes(outboundBasis ?? '')) {
    violations.push({
      code: 'OUTBOUND_BASIS_REQUIRED',
      message: "Outbound calls may be enabled only with the user's consent or for a callback the user asked for; state which.",
    });
  }
  // Filings need a valid licence covering the number's province (Notice 81, 码号管理).
  if (!coveringLicence(licences, state.province)) {
    violations.push({
      code: 'LICENCE_NOT_VALID',
      message: `${state.holder} holds no valid call-centre licence covering ${describeCoverageNeeded(state.province)}, which number ${state.numberId} needs; ${describeLicences(licences)}.`,
    });
  }
  // 信用约束 at number filing (接入号码备案) for enterprises on the dishonest list.
  if (credit.dishonest) {
    violations.push({
      code: 'CREDIT_CONSTRAINT',
      message: `${state.holder} is on the dishonest list (失信名单); its number filings are refused while it is listed.`,
    });
  }
  return violations;
}

function changedFields(previous: Filing, next: Filing): (keyof Filing)[] {
  const fields: (keyof Filing)[] = ['carrier', 'purpose', 'inbound', 'outbound', 'outboundBasis'];
  return fields.filter((field) => previous[field] !== next[field]);
}

function file(command: FileNumber, state: NumberState, context: NumberingContext): NumberingEvent[] {
  if (state.status === 'none') {
    throw new RuleViolation('NOT_FOUND', 'This number has not been allocated, so it cannot be filed.');
  }
  if (state.status === 'reclaimed') {
    throw invalidTransition(`file number ${state.numberId}`, `number has been reclaimed from ${state.holder}`);
  }
  throwIfAny(filingChecks(command, state, context));
  const { carrier, purpose, inbound, outbound, outboundBasis } = command.data;
  const filing: Filing = {
    carrier: carrier as Filing['carrier'],
    purpose,
    inbound,
    outbound,
    // A basis without outbound calls enabled says nothing; it is dropped rather than filed.
    outboundBasis: outbound ? (outboundBasis as OutboundBasis) : null,
  };
  const licence = coveringLicence(required(context, 'holderLicences', command.type), state.province) as LicenceCoverageFact;
  const data = {
    numberId: state.numberId as string,
    uscc: state.holder as string,
    province: state.province,
    ...filing,
    licenceNumber: licence.licenceNumber,
    onBadList: required(context, 'creditStanding', command.type).bad,
  };
  if (state.filing === null) return [{ type: 'NumberFiled', data }];
  const changed = changedFields(state.filing, filing);
  // Filing again what a stopped number had, now that a licence covers it, puts it back in force.
  if (changed.length === 0 && state.status === 'stopped') {
    const { numberId, uscc, province, licenceNumber } = data;
    return [{ type: 'NumberFilingResumed', data: { numberId, uscc, province, licenceNumber, resumedOn: cstDate(context.at) } }];
  }
  // 变更: a re-filing identical to the one in force changes nothing and records nothing.
  if (changed.length === 0) return [];
  return [{ type: 'NumberFilingChanged', data: { ...data, previous: state.filing, changed } }];
}

function reclaim(command: ReclaimNumber, state: NumberState): NumberingEvent[] {
  if (state.status === 'none') {
    throw new RuleViolation('NOT_FOUND', 'This number has not been allocated, so it cannot be reclaimed.');
  }
  // Refused, not ignored: the penalty process manager relies on it to reclaim at most once.
  if (state.status === 'reclaimed') {
    throw invalidTransition(`reclaim number ${state.numberId}`, `number has already been reclaimed from ${state.holder}`);
  }
  if (command.data.holder !== undefined) assertHeldBy(state, command.data.holder, 'reclaim');
  return [
    {
      type: 'NumberReclaimed',
      data: {
        numberId: state.numberId as string,
        uscc: state.holder as string,
        province: state.province,
        reason: command.data.reason,
        penaltyId: command.data.penaltyId ?? null,
        caseId: command.data.caseId ?? null,
      },
    },
  ];
}

/**
 * A consequence acts on the holder whose licence was decided: once the number has been reclaimed
 * and allocated to someone else, that decision no longer concerns it.
 */
function assertHeldBy(state: NumberState, holder: string, act: string): void {
  if (state.holder !== holder || state.status === 'reclaimed') {
    throw new RuleViolation(
      'NUMBER_NOT_HELD',
      `Cannot ${act} number ${state.numberId} for ${holder}: it is held by ${state.status === 'reclaimed' ? 'no one' : state.holder}.`,
    );
  }
}

function stop(command: StopNumberFiling, state: NumberState): NumberingEvent[] {
  if (state.status === 'none') throw new RuleViolation('NOT_FOUND', 'This number has not been allocated, so its filing cannot stop.');
  assertHeldBy(state, command.data.holder, 'stop the filing of');
  if (state.status !== 'filed') throw invalidTransition(`stop the filing of number ${state.numberId}`, `number is ${state.status}`);
  const { licenceNumber, cause, stoppedOn } = command.data;
  return [
    {
      type: 'NumberFilingStopped',
      data: { numberId: state.numberId as string, uscc: command.data.holder, province: state.province, licenceNumber, cause, stoppedOn },
    },
  ];
}

function resume(command: ResumeNumberFiling, state: NumberState): NumberingEvent[] {
  if (state.status === 'none') throw new RuleViolation('NOT_FOUND', 'This number has not been allocated, so its filing cannot resume.');
  assertHeldBy(state, command.data.holder, 'resume the filing of');
  if (state.status !== 'stopped') throw invalidTransition(`resume the filing of number ${state.numberId}`, `number is ${state.status}`);
  const { licenceNumber, resumedOn } = command.data;
  return [
    {
      type: 'NumberFilingResumed',
      data: { numberId: state.numberId as string, uscc: command.data.holder, province: state.province, licenceNumber, resumedOn },
    },
  ];
}

export function createNumberingDecider(
  rules: NumberingRules = DEFAULT_NUMBERING_RULES,
): Decider<NumberingCommand, NumberingEvent, NumberState, NumberingContext> {
  return {
    opens: ['AllocateNumber'],
    initialState: initialNumberState,
    evolve: evolveNumber,
    decide: (command, state, context) => {
      switch (command.type) {
        case 'AllocateNumber':
          return allocate(command, state, context, rules);
        case 'FileNumber':
          return file(command, state, context);
        case 'ReclaimNumber':
          return reclaim(command, state);
        case 'StopNumberFiling':
          return stop(command, state);
        case 'ResumeNumberFiling':
          return resume(command, state);
        default:
          return assertNever(command);
      }
    },
  };
}

/** 码号管理: allocation, filing (备案) and reclamation (收回) of one 95/96 number. */
export const numberingDecider = createNumberingDecider();
