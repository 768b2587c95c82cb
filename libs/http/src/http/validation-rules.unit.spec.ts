import { IsInt, IsString, MetadataStorage, registerDecorator, validate } from 'class-validator';
import { rememberRuleLookups } from './validation-rules';

class Filing {
  @IsString()
  number!: string;
}

class NumberFiling extends Filing {
  @IsInt()
  year!: number;
}

const failed = async (object: object) =>
  (await validate(object)).map((error) => `${error.property}:${Object.keys(error.constraints ?? {})}`);
const filing = (fields: object) => Object.assign(new Filing(), fields);
const numberFiling = (fields: object) => Object.assign(new NumberFiling(), fields);

describe('remembered rule lookups', () => {
  it('validates as class-validator does, inherited rules included', async () => {
    const before = [await failed(filing({ number: 95 })), await failed(numberFiling({ number: 95, year: 'x' }))];
    rememberRuleLookups();
    rememberRuleLookups();
    expect([await failed(filing({ number: 95 })), await failed(numberFiling({ number: 95, year: 'x' }))]).toEqual(before);
    expect(before).toEqual([['number:isString'], ['year:isInt', 'number:isString']]);
    expect(await failed(numberFiling({ number: '95123', year: 2020 }))).toEqual([]);
  });

  it('asks class-validator once per class and options, and groups each lookup once', () => {
    const storage = new MetadataStorage();
    const lookUp = jest.spyOn(storage, 'getTargetValidationMetadatas');
    const group = jest.spyOn(storage, 'groupByPropertyName');
    rememberRuleLookups(storage);
    for (let i = 0; i < 3; i++) {
      storage.groupByPropertyName(storage.getTargetValidationMetadatas(Filing, '', false, false));
      storage.groupByPropertyName(storage.getTargetValidationMetadatas(NumberFiling, '', false, false));
    }
    storage.getTargetValidationMetadatas(Filing, '', true, false);
    expect(lookUp).toHaveBeenCalledTimes(3);
    expect(group).toHaveBeenCalledTimes(2);
  });

  it('sees a rule added after a lookup was kept, on the class and on its subclasses', async () => {
    rememberRuleLookups();
    expect(await failed(numberFiling({ number: '95123', year: 2020 }))).toEqual([]);
    registerDecorator({
      name: 'fiveDigits',
      target: Filing,
      propertyName: 'number',
      validator: { validate: (value: unknown) => typeof value === 'string' && /^\d{5}$/.test(value) },
    });
    expect(await failed(filing({ number: '951234' }))).toEqual(['number:fiveDigits']);
    expect(await failed(numberFiling({ number: '951234', year: 2020 }))).toEqual(['number:fiveDigits']);
  });
});
