import { RuleViolation } from '../shared';
import { describeNumber, numberIdFor, numberIdProblem, numberStreamId, parseNumberId } from './number-id';

describe('access-number ids', () => {
  it('uses a 95 number, allocated nationally, as its own id', () => {
    expect(numberIdFor('95123')).toBe('95123');
    expect(parseNumberId('95123')).toEqual({ id: '95123', number: '95123', scope: 'national', province: null });
    expect(parseNumberId('951234')).toEqual({ id: '951234', number: '951234', scope: 'national', province: null });
  });

  it('ignores a province given with a 95 number', () => {
    expect(numberIdFor('95123', '110000')).toBe('95123');
    expect(numberIdProblem('95123', 'not-a-province')).toBeNull();
  });

  it('prefixes a 96 number with its province, so the same number in two provinces has two ids and streams', () => {
    const beijing = numberIdFor('96123', '110000');
    const shanghai = numberIdFor('96123', '310000');
    expect(beijing).toBe('110000-96123');
    expect(shanghai).toBe('310000-96123');
    expect(numberStreamId(beijing)).toBe('number-110000-96123');
    expect(numberStreamId(beijing)).not.toBe(numberStreamId(shanghai));
    expect(parseNumberId('310000-961234')).toEqual({
      id: '310000-961234',
      number: '961234',
      scope: 'provincial',
      province: '310000',
    });
  });

  it.each([
    ['96123', undefined],
    ['96123', null],
    ['96123', ''],
    ['96123', '999999'],
    ['9612', '110000'],
    ['9512', undefined],
    ['9512345', undefined],
    ['12345', undefined],
    ['9512a', undefined],
  ])('refuses %s with province %s as malformed input', (number, province) => {
    expect(numberIdProblem(number, province)).not.toBeNull();
    expect(() => numberIdFor(number, province)).toThrow(RuleViolation);
    try {
      numberIdFor(number, province);
    } catch (error) {
      expect((error as RuleViolation).code).toBe('VALIDATION_FAILED');
    }
  });

  it.each(['96123', '110000-95123', '999999-96123', '110000-9612', '110000-96123x', 'number-95123', ''])('does not parse %s', (id) =>
    expect(parseNumberId(id)).toBeNull(),
  );

  it('takes the allowed lengths from configuration', () => {
    const fiveOnly = { numberLengths: [5] };
    expect(parseNumberId('951234', fiveOnly)).toBeNull();
    expect(numberIdProblem('951234', undefined, fiveOnly)).toEqual({
      code: 'VALIDATION_FAILED',
      field: 'number',
      message: expect.stringMatching(/5 digits/),
    });
    expect(parseNumberId('95123', fiveOnly)).not.toBeNull();
  });

  it('describes a provincial number with its province name', () => {
    expect(describeNumber('110000-96123')).toBe('96123 (北京市)');
    expect(describeNumber('95123')).toBe('95123');
  });
});
