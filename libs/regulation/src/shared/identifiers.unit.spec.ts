import { isValidUscc, usccCheckCharacter } from './identifiers';

describe('USCC (GB 32100)', () => {
  it.each(['91330100716105852F', '914403001922038216'])('accepts the real code %s', (code) => {
    expect(isValidUscc(code)).toBe(true);
  });

  it('refuses a code whose check character is wrong', () => {
    expect(isValidUscc('91330100716105852G')).toBe(false);
  });

  it.each(['9133010071610585', '91330100716105852FX', '9133010071610585IF', '91330100716105852f'])(
    'refuses the malformed code %s',
    (code) => expect(isValidUscc(code)).toBe(false),
  );

  it('computes the check character from the first 17 characters', () => {
    expect(usccCheckCharacter('91330100716105852')).toBe('F');
    expect(usccCheckCharacter('9133010071610585I')).toBeNull();
  });
});
