import {
  assertWithinJurisdiction,
  authorityDisplayName,
  authorityOfCoverage,
  authorityOfLicence,
  authorityOfNumber,
  isAuthority,
  licencePrefixOf,
  type JurisdictionActor,
  type JurisdictionSubject,
  MIIT,
} from './jurisdiction';
import { RuleViolation } from './rule-violation';

const officer = (org?: string | null): JurisdictionActor => ({ sub: 'o', roles: ['officer'], org });
const refusal = (actor: JurisdictionActor, subjects: JurisdictionSubject[] = []): string | null => {
  try {
    assertWithinJurisdiction(actor, subjects);
    return null;
  } catch (error) {
    if (!(error instanceof RuleViolation)) throw error;
    return error.code;
  }
};

describe('jurisdiction (docs/domain.md §1: an authority acts only on what it issued)', () => {
  it('knows the authorities: MIIT and the GB/T 2260 provinces', () => {
    expect(isAuthority('MIIT')).toBe(true);
    expect(isAuthority('110000')).toBe(true);
    for (const org of ['miit', '110100', '999999', 'CT', '', null, undefined]) expect(isAuthority(org)).toBe(false);
  });

  it('reads the issuer of a licence from its number', () => {
    expect(authorityOfLicence('B2-20201234')).toBe(MIIT);
    expect(authorityOfLicence('京B2-20201234')).toBe('110000');
    expect(authorityOfLicence('粤B2-20201234')).toBe('440000');
    expect(authorityOfLicence('X2-20201234')).toBeNull();
    expect(authorityOfLicence('么B2-20201234')).toBeNull();
  });

  it('knows how the numbers of the licences an authority issues begin', () => {
    expect(licencePrefixOf(MIIT)).toBe('B2-');
    expect(licencePrefixOf('110000')).toBe('京B2-');
    for (const licence of ['B2-20201234', '京B2-20201234', '粤B2-20201234']) {
      expect(licence.startsWith(licencePrefixOf(authorityOfLicence(licence) as string))).toBe(true);
    }
  });

  it('lets only the drawing authority act on an inspection draw, and any authority on one that named none', () => {
    const draw = (authority: string | null): JurisdictionSubject => ({ kind: 'inspection-draw', drawId: 'd-1', authority });
    expect(refusal(officer('MIIT'), [draw('MIIT')])).toBeNull();
    expect(refusal(officer('110000'), [draw('MIIT')])).toBe('OUTSIDE_JURISDICTION');
    expect(refusal(officer('110000'), [draw(null)])).toBeNull();
  });

  it('reads the allocator of a number from its id', () => {
    expect(authorityOfNumber('95123')).toBe(MIIT);
    expect(authorityOfNumber('110000-96123')).toBe('110000');
    expect(authorityOfNumber('999999-96123')).toBeNull();
    expect(authorityOfNumber('96123')).toBeNull();
  });

  it('gives an application for one province to that province, for several or nationwide to MIIT', () => {
    expect(authorityOfCoverage(['110000'])).toBe('110000');
    expect(authorityOfCoverage(['110000', '110000'])).toBe('110000');
    expect(authorityOfCoverage(['110000', '310000'])).toBe(MIIT);
    expect(authorityOfCoverage(['nationwide'])).toBe(MIIT);
    expect(authorityOfCoverage([])).toBeNull();
  });

  it('names the administrations as they sign', () => {
    expect(authorityDisplayName(MIIT)).toBe('工业和信息化部');
    expect(authorityDisplayName('110000')).toBe('北京市通信管理局');
  });

  it('lets an officer without an authority read but not decide anything', () => {
    expect(refusal(officer())).toBe('AUTHORITY_REQUIRED');
    expect(refusal(officer(null))).toBe('AUTHORITY_REQUIRED');
    expect(refusal(officer('CT'))).toBe('AUTHORITY_REQUIRED');
    expect(refusal(officer('MIIT'))).toBeNull();
    expect(refusal(officer('110000'))).toBeNull();
  });

  it('lets MIIT act on cross-regional licences, 95 numbers and multi-province applications only', () => {
    const miit = officer('MIIT');
    expect(refusal(miit, [{ kind: 'licence', licenceNumber: 'B2-20201234' }])).toBeNull();
    expect(refusal(miit, [{ kind: 'number', numberId: '95123' }])).toBeNull();
    expect(refusal(miit, [{ kind: 'coverage', coverage: ['nationwide'] }])).toBeNull();
    expect(refusal(miit, [{ kind: 'coverage', coverage: ['110000', '310000'] }])).toBeNull();
    expect(refusal(miit, [{ kind: 'licence', licenceNumber: '京B2-20201234' }])).toBe('OUTSIDE_JURISDICTION');
    expect(refusal(miit, [{ kind: 'number', numberId: '110000-96123' }])).toBe('OUTSIDE_JURISDICTION');
    expect(refusal(miit, [{ kind: 'coverage', coverage: ['110000'] }])).toBe('OUTSIDE_JURISDICTION');
  });

  it('lets a province act on its own licences, 96 numbers and one-province applications only', () => {
    const beijing = officer('110000');
    expect(refusal(beijing, [{ kind: 'licence', licenceNumber: '京B2-20201234' }])).toBeNull();
    expect(refusal(beijing, [{ kind: 'number', numberId: '110000-96123' }])).toBeNull();
    expect(refusal(beijing, [{ kind: 'coverage', coverage: ['110000'] }])).toBeNull();
    expect(refusal(beijing, [{ kind: 'licence', licenceNumber: 'B2-20201234' }])).toBe('OUTSIDE_JURISDICTION');
    expect(refusal(beijing, [{ kind: 'licence', licenceNumber: '沪B2-20201234' }])).toBe('OUTSIDE_JURISDICTION');
    expect(refusal(beijing, [{ kind: 'number', numberId: '95123' }])).toBe('OUTSIDE_JURISDICTION');
    expect(refusal(beijing, [{ kind: 'number', numberId: '310000-96123' }])).toBe('OUTSIDE_JURISDICTION');
    expect(refusal(beijing, [{ kind: 'coverage', coverage: ['nationwide'] }])).toBe('OUTSIDE_JURISDICTION');
    // Every subject must be within it: a grant of a B2 licence on a Beijing application is refused.
    expect(
      refusal(beijing, [
        { kind: 'coverage', coverage: ['110000'] },
        { kind: 'licence', licenceNumber: 'B2-20201234' },
      ]),
    ).toBe('OUTSIDE_JURISDICTION');
  });

  it('leaves a subject whose authority cannot be read to the decider', () => {
    expect(refusal(officer('MIIT'), [{ kind: 'licence', licenceNumber: 'nonsense' }])).toBeNull();
  });

  it("never refuses a process manager's follow-up, nor roles that are scoped by their own rules", () => {
    const system = (org: string | null): JurisdictionActor => ({ sub: 'system:licence-consequences', roles: ['system'], org });
    // A MIIT revocation stops the holder's 96 numbers too; an old cause has no org at all.
    expect(refusal(system('MIIT'), [{ kind: 'number', numberId: '110000-96123' }])).toBeNull();
    expect(refusal(system(null), [{ kind: 'licence', licenceNumber: '京B2-20201234' }])).toBeNull();
    expect(refusal({ sub: 'ct', roles: ['carrier'], org: 'CT' })).toBeNull();
    expect(refusal({ sub: 'op', roles: ['operator'], org: '91330100716105852F' })).toBeNull();
  });

  it('answers with a message that names both authorities', () => {
    expect(() => assertWithinJurisdiction(officer('MIIT'), [{ kind: 'licence', licenceNumber: '京B2-20201234' }])).toThrow(
      /京B2-20201234.*北京市.*MIIT/,
    );
  });
});
