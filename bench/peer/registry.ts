import type { Event } from '@event-driven-io/emmett';
import { isProvinceCode, isValidUscc } from '@ledger/regulation/shared';

/*
 * The peer's domain, the way Emmett's samples write one: events as types, a state, an evolve and
 * business logic that takes a command and the state and returns the event or throws. The rules are
 * the ledger's for the same two commands (libs/regulation/src/enterprises and numbering), no more.
 */

/** Who acted and when the act took effect: what the ledger keeps in its metadata, kept here the same way. */
export type ActMetadata = { actor: string; correlationId: string; effectiveAt: string };

export type EnterpriseRegistered = Event<
  'EnterpriseRegistered',
  { uscc: string; name: string; province: string; address: string | null },
  ActMetadata
>;

export type NumberAllocated = Event<
  'NumberAllocated',
  { numberId: string; number: string; scope: 'national' | 'provincial'; province: string | null; uscc: string; allocatedOn: string },
  ActMetadata
>;

export type Enterprise = { status: 'unregistered' } | { status: 'registered'; uscc: string; province: string };
export type AccessNumber = { status: 'free' } | { status: 'allocated'; holder: string };

export const enterpriseInitialState = (): Enterprise => ({ status: 'unregistered' });
export const enterpriseEvolve = (state: Enterprise, { type, data }: EnterpriseRegistered): Enterprise =>
  type === 'EnterpriseRegistered' ? { status: 'registered', uscc: data.uscc, province: data.province } : state;

export const numberInitialState = (): AccessNumber => ({ status: 'free' });
export const numberEvolve = (state: AccessNumber, { type, data }: NumberAllocated): AccessNumber =>
  type === 'NumberAllocated' ? { status: 'allocated', holder: data.uscc } : state;

export const enterpriseStreamId = (uscc: string) => `enterprise-${uscc}`;
export const numberStreamId = (numberId: string) => `number-${numberId}`;
export const numberIdOf = (number: string, province: string | undefined) => (number.startsWith('95') ? number : `${province}-${number}`);

/** A refused command: the code and status the ledger answers the same refusal with. */
export class Refusal extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 409 | 422,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface RegisterEnterprise {
  uscc: string;
  name: string;
  province: string;
  address?: string;
}

export interface AllocateNumber {
  number: string;
  province?: string;
  uscc: string;
  allocatedOn: string;
}

export function registerEnterprise(command: RegisterEnterprise, state: Enterprise, metadata: ActMetadata): EnterpriseRegistered {
  if (state.status === 'registered') throw new Refusal(409, 'ALREADY_EXISTS', `The enterprise ${command.uscc} is already registered.`);
  if (!isProvinceCode(command.province))
    throw new Refusal(422, 'MALFORMED_INPUT', `"${command.province}" is not a GB/T 2260 province code.`);
  const { uscc, name, province, address } = command;
  return { type: 'EnterpriseRegistered', data: { uscc, name, province, address: address ?? null }, metadata };
}

/** The fact from the other stream: `holder` is the enterprise's state, read from its own stream. */
export function allocateNumber(command: AllocateNumber, state: AccessNumber, holder: Enterprise, metadata: ActMetadata): NumberAllocated {
  if (state.status === 'allocated')
    throw new Refusal(409, 'ALREADY_EXISTS', `Number ${command.number} is already allocated to ${state.holder}.`);
  if (holder.status !== 'registered') {
    throw new Refusal(
      422,
      'ENTERPRISE_NOT_REGISTERED',
      `Enterprise ${command.uscc} is not registered; register it before allocating numbers to it.`,
    );
  }
  const national = command.number.startsWith('95');
  if (!national && !isProvinceCode(command.province ?? ''))
    throw new Refusal(422, 'MALFORMED_INPUT', 'A 96 number needs the province that allocates it.');
  return {
    type: 'NumberAllocated',
    data: {
      numberId: numberIdOf(command.number, command.province),
      number: command.number,
      scope: national ? 'national' : 'provincial',
      province: national ? null : command.province!,
      uscc: command.uscc,
      allocatedOn: command.allocatedOn,
    },
    metadata,
  };
}

/** Field validation at the edge, as RegisterEnterpriseDto and AllocateNumberDto do it: every violation, one 400. */
export function violationsOfRegistration(body: Record<string, unknown>): string[] {
  const violations: string[] = [];
  if (typeof body.uscc !== 'string' || !isValidUscc(body.uscc))
    violations.push('uscc must be a unified social credit code with its GB 32100 check character');
  if (typeof body.name !== 'string' || body.name.length < 1 || body.name.length > 200)
    violations.push('name must be a string of 1 to 200 characters');
  if (typeof body.province !== 'string' || !/^\d{6}$/.test(body.province)) violations.push('province must be a six-digit GB/T 2260 code');
  if (body.address !== undefined && (typeof body.address !== 'string' || body.address.length > 500))
    violations.push('address must be a string of at most 500 characters');
  violations.push(...commonViolations(body));
  return violations;
}

export function violationsOfAllocation(body: Record<string, unknown>): string[] {
  const violations: string[] = [];
  if (typeof body.number !== 'string' || !/^9[56]\d{3,4}$/.test(body.number))
    violations.push('number must be a 95 or 96 access number of 5 or 6 digits');
  if (body.province !== undefined && (typeof body.province !== 'string' || !/^\d{6}$/.test(body.province)))
    violations.push('province must be a six-digit GB/T 2260 code');
  if (typeof body.uscc !== 'string' || !isValidUscc(body.uscc))
    violations.push('uscc must be a unified social credit code with its GB 32100 check character');
  if (typeof body.allocatedOn !== 'string' || !isRealDay(body.allocatedOn)) violations.push('allocatedOn must be a date (YYYY-MM-DD)');
  violations.push(...commonViolations(body));
  return violations;
}

/** The fields every ledger command may carry (CommandDto), and its refusal of acts dated in the future. */
function commonViolations(body: Record<string, unknown>): string[] {
  const violations: string[] = [];
  if (body.documentNo !== undefined && (typeof body.documentNo !== 'string' || body.documentNo.length > 200))
    violations.push('documentNo must be a string of at most 200 characters');
  if (body.legalBasis !== undefined) {
    const basis = body.legalBasis;
    if (!Array.isArray(basis) || basis.length > 50 || basis.some((b) => typeof b !== 'string' || b.length > 500)) {
      violations.push('legalBasis must be at most 50 strings of at most 500 characters');
    }
  }
  if (body.effectiveAt !== undefined) {
    const at = body.effectiveAt;
    if (typeof at !== 'string' || !isRealDay(at.slice(0, 10)) || Number.isNaN(Date.parse(at)))
      violations.push('effectiveAt must be a real date or date-time');
    else if (Date.parse(at) > Date.now() + 60_000) violations.push('effectiveAt may not be in the future');
  }
  return violations;
}

function isRealDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
}
