import 'reflect-metadata';
import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsString, validateSync } from 'class-validator';

@Injectable()
class Dependency {
  readonly name = 'dependency';
}

@Injectable()
class Consumer {
  constructor(readonly dependency: Dependency) {}
}

class Body {
  @IsString()
  name!: string;
}

// Guards the compiler choice (SWC with legacy decorators and emitted metadata): Nest's
// constructor injection and class-validator both break silently without it.
describe('decorator metadata under the SWC compiler', () => {
  it('lets Nest inject by constructor parameter type', async () => {
    const moduleRef = await Test.createTestingModule({ providers: [Dependency, Consumer] }).compile();
    expect(moduleRef.get(Consumer).dependency.name).toBe('dependency');
  });

  it('lets class-validator see property decorators', () => {
    const body = Object.assign(new Body(), { name: 42 });
    expect(validateSync(body).map((e) => e.property)).toEqual(['name']);
  });
});
