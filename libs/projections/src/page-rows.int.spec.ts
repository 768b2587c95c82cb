import { dataSourceFor } from '@ledger/platform';
import { EntitySchema, type DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { PageRows } from './page-rows';

interface Widget {
  id: string;
  name: string;
  colour: string | null;
  count: number;
}
const WIDGET = new EntitySchema<Widget>({
  name: 'widget',
  columns: {
    id: { type: 'text', primary: true },
    name: { type: 'text' },
    colour: { type: 'text', nullable: true },
    count: { type: 'integer' },
  },
});
interface Mark {
  owner: string;
  seq: number;
  note: string;
}
const MARK = new EntitySchema<Mark>({
  name: 'mark',
  columns: { owner: { type: 'text', primary: true }, seq: { type: 'integer', primary: true }, note: { type: 'text' } },
});
interface Sample {
  id: string;
  doc: object | string | null;
  tags: string[];
  on: string | null;
  at: Date;
  big: number;
  flag: boolean | null;
}
const SAMPLE = new EntitySchema<Sample>({
  name: 'sample',
  columns: {
    id: { type: 'text', primary: true },
    doc: { type: 'jsonb', nullable: true },
    tags: { type: 'text', array: true },
    on: { type: 'date', nullable: true },
    at: { type: 'timestamptz' },
    big: { type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } },
    flag: { type: 'boolean', nullable: true },
  },
});

/**
 * What a page of writes leaves must be what the same calls made one at a time against the
 * database would leave: these are the cases where buffering could tell the difference.
 */
describe('PageRows: a page of reads and writes, written at its end', () => {
  let test: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    test = await createTestDatabase('page_rows');
    dataSource = dataSourceFor(test.database, [WIDGET, MARK, SAMPLE]);
    await dataSource.initialize();
    await dataSource.query('create table widget (id text primary key, name text not null, colour text, count integer not null)');
    await dataSource.query('create table mark (owner text, seq integer, note text not null, primary key (owner, seq))');
    await dataSource.query(
      'create table sample (id text primary key, doc jsonb, tags text[] not null, "on" date, at timestamptz not null, big bigint not null, flag boolean)',
    );
  });
  beforeEach(async () => {
    await dataSource.query('truncate widget, mark, sample');
    await dataSource.query(`insert into widget values ('stored', 'as stored', 'red', 1)`);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await test?.drop();
  });

  const page = (work: (rows: PageRows) => Promise<void>) =>
    dataSource.transaction(async (manager) => {
      const rows = new PageRows(manager);
      await work(rows);
      await rows.flush();
    });
  const widgets = () => dataSource.query('select id, name, colour, count from widget order by id');

  it('leaves a stored row alone on insert, and applies a later update to it', async () => {
    await page(async (rows) => {
      rows.insert(WIDGET, { id: 'stored', name: 'inserted', colour: null, count: 9 });
      await rows.update(WIDGET, 'stored', { count: 2 });
    });
    expect(await widgets()).toEqual([{ id: 'stored', name: 'as stored', colour: 'red', count: 2 }]);
  });

  it('lays an upsert after an ignored insert over the stored row, not over the insert', async () => {
    await page(async (rows) => {
      rows.insert(WIDGET, { id: 'stored', name: 'inserted', colour: null, count: 9 });
      await rows.upsert(WIDGET, { id: 'stored', name: 'upserted', count: 3 });
    });
    expect(await widgets()).toEqual([{ id: 'stored', name: 'upserted', colour: 'red', count: 3 }]);
  });

  it('lets later calls in the page read what earlier ones wrote', async () => {
    let seen: Widget | null = null;
    let upserted: Widget | null = null;
    await page(async (rows) => {
      rows.insert(WIDGET, { id: 'new', name: 'new', colour: null, count: 1 });
      await rows.update(WIDGET, 'new', { colour: 'blue' });
      seen = await rows.find(WIDGET, 'new');
      await rows.upsert(WIDGET, { id: 'stored', name: 'renamed', count: 5 });
      upserted = await rows.find(WIDGET, 'stored');
    });
    expect(seen).toEqual({ id: 'new', name: 'new', colour: 'blue', count: 1 });
    expect(upserted).toEqual({ id: 'stored', name: 'renamed', colour: 'red', count: 5 });
    expect(await widgets()).toEqual([
      { id: 'new', name: 'new', colour: 'blue', count: 1 },
      { id: 'stored', name: 'renamed', colour: 'red', count: 5 },
    ]);
  });

  it('merges upserts of different columns into a row it has read, and updates nothing that is not there', async () => {
    await page(async (rows) => {
      await rows.find(WIDGET, 'stored');
      await rows.upsert(WIDGET, { id: 'stored', name: 'renamed' });
      await rows.upsert(WIDGET, { id: 'stored', colour: 'green' });
      await rows.update(WIDGET, 'missing', { count: 7 });
    });
    expect(await widgets()).toEqual([{ id: 'stored', name: 'renamed', colour: 'green', count: 1 }]);
  });

  it('writes no column a call left undefined, where a multi-row statement would write its default', async () => {
    await page(async (rows) => {
      await rows.find(WIDGET, 'stored');
      await rows.upsert(WIDGET, { id: 'stored', name: 'renamed', colour: undefined });
      rows.insert(WIDGET, { id: 'other', name: 'other', colour: undefined, count: 4 });
      await rows.upsert(WIDGET, { id: 'unread', name: 'unread', count: 1 });
      await rows.upsert(WIDGET, { id: 'unread', colour: undefined, count: 2 });
    });
    expect(await widgets()).toEqual([
      { id: 'other', name: 'other', colour: null, count: 4 },
      { id: 'stored', name: 'renamed', colour: 'red', count: 1 },
      { id: 'unread', name: 'unread', colour: null, count: 2 },
    ]);
  });

  it('keeps the first of two inserts under one composite key, as the database would', async () => {
    await page(async (rows) => {
      rows.insert(MARK, [
        { owner: 'a', seq: 1, note: 'first' },
        { owner: 'a', seq: 1, note: 'second' },
        { owner: 'a', seq: 2, note: 'other' },
      ]);
    });
    expect(await dataSource.query('select owner, seq, note from mark order by seq')).toEqual([
      { owner: 'a', seq: 1, note: 'first' },
      { owner: 'a', seq: 2, note: 'other' },
    ]);
  });

  it('splits a page too large for one statement', async () => {
    await page(async (rows) => {
      for (let i = 0; i < 20_000; i++) rows.insert(WIDGET, { id: `w${i}`, name: 'bulk', colour: null, count: i });
      for (let i = 0; i < 20_000; i += 1000) await rows.upsert(WIDGET, { id: `w${i}`, name: 'bulk', colour: 'marked', count: i });
    });
    const [{ n, marked }] = await dataSource.query(
      `select count(*)::int as n, count(colour)::int as marked from widget where name = 'bulk'`,
    );
    expect({ n, marked }).toEqual({ n: 20_000, marked: 20 });
  });

  it('stores every kind of column as TypeORM’s own insert stores it', async () => {
    const values: Array<Omit<Sample, 'id'>> = [
      {
        doc: { 名称: '某某呼叫中心', nested: [1, 'two', null, { deep: true }], quote: 'a "b" \\ c' },
        tags: ['nationwide', 'a,b', '"q"'],
        on: '2020-08-20',
        at: new Date('2021-02-10T08:09:10.123Z'),
        big: 9_007_199_254_740_991,
        flag: true,
      },
      { doc: 'just a string', tags: [], on: null, at: new Date('2020-01-01T00:00:00Z'), big: 0, flag: null },
      { doc: null, tags: ['x'], on: '2035-08-20', at: new Date('1999-12-31T23:59:59.999Z'), big: -5, flag: false },
    ];
    await page(async (rows) => {
      values.forEach((value, i) => rows.insert(SAMPLE, { id: `page-${i}`, ...value }));
    });
    await dataSource.manager.insert(
      SAMPLE,
      values.map((value, i) => ({ id: `typeorm-${i}`, ...value })),
    );
    const stored = async (prefix: string) =>
      dataSource.query(`select doc, tags, "on"::text, at, big::text, flag from sample where id like $1 order by id`, [`${prefix}-%`]);
    expect(await stored('page')).toEqual(await stored('typeorm'));
  });
});
