import { In, type EntityManager, type EntityMetadata, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { Driver } from 'typeorm/driver/Driver';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { ApplyValueTransformers } from 'typeorm/util/ApplyValueTransformers';

/**
 * What a projection may do to its rows while a page of events is applied: read a row by its key,
 * upsert it, insert it unless it exists, update it. Reads see the page's earlier writes; the
 * writes reach the database when the page ends, as one multi-row statement per table and kind,
 * so a page of 500 events costs a handful of round trips instead of one or more an event.
 * Applied one event at a time or a page at once, a projection leaves the same rows.
 */
export interface Rows {
  /** The row whose (single-column) primary key is `key`, or null. */
  find<T extends ObjectLiteral>(entity: EntityTarget<T>, key: string): Promise<T | null>;
  /** Insert, or overwrite the columns given (INSERT … ON CONFLICT (pk) DO UPDATE). */
  upsert<T extends ObjectLiteral>(entity: EntityTarget<T>, row: Partial<T>): Promise<void>;
  /** Insert each row whose primary key is not taken yet; the others are left as they are. */
  insert<T extends ObjectLiteral>(entity: EntityTarget<T>, rows: Partial<T> | ReadonlyArray<Partial<T>>): void;
  /** Change the given columns of the row with this key; no row, no change. */
  update<T extends ObjectLiteral>(entity: EntityTarget<T>, key: string, changes: Partial<T>): Promise<void>;
}

/** Rows a projection will read while applying a page, to be loaded in one query beforehand. */
export interface RowsToLoad {
  readonly entity: EntityTarget<ObjectLiteral>;
  readonly keys: readonly string[];
}

/** `insert` of a row known to be absent; `insert-if-absent` of one not looked up; `upsert`. */
type PendingKind = 'insert' | 'insert-if-absent' | 'upsert';

interface Table {
  readonly metadata: EntityMetadata;
  /** Rows as the page has left them so far; null: known to be absent. Unlisted: not looked at. */
  readonly known: Map<string, ObjectLiteral | null>;
  readonly pending: Map<string, { kind: PendingKind; values: ObjectLiteral }>;
}

const LOAD_CHUNK = 5_000;
/** Rows a write sends at most: one parameter whatever the count, this bounds the statement's size. */
const WRITE_CHUNK = 5_000;

export class PageRows implements Rows {
  private readonly tables = new Map<EntityTarget<ObjectLiteral>, Table>();

  constructor(private readonly manager: EntityManager) {}

  async load(entity: EntityTarget<ObjectLiteral>, keys: readonly string[]): Promise<void> {
    const table = this.table(entity);
    const wanted = [...new Set(keys)].filter((key) => !table.known.has(key) && !table.pending.has(key));
    const [primary] = this.singlePrimary(table);
    for (let i = 0; i < wanted.length; i += LOAD_CHUNK) {
      const chunk = wanted.slice(i, i + LOAD_CHUNK);
      const found = await this.manager.findBy(entity, { [primary.propertyName]: In(chunk) });
      for (const key of chunk) table.known.set(key, null);
      for (const row of found) table.known.set(this.keyOf(table, row), row);
    }
  }

  async find<T extends ObjectLiteral>(entity: EntityTarget<T>, key: string): Promise<T | null> {
    const table = this.table(entity);
    await this.settle(table, key);
    return (table.known.get(key) ?? null) as T | null;
  }

  async upsert<T extends ObjectLiteral>(entity: EntityTarget<T>, given: Partial<T>): Promise<void> {
    const table = this.table(entity);
    const row = defined(given);
    const key = this.keyOf(table, row);
    // Merging into an insert-if-absent would overwrite an existing row with the insert's values.
    if (table.pending.get(key)?.kind === 'insert-if-absent') await this.settle(table, key);
    const pending = table.pending.get(key);
    const known = table.known.get(key);
    // Over a row already looked at, write it whole: the same result, and a partial row could not
    // pass NOT NULL in the insert half of the statement.
    const values = known ? { ...known, ...row } : { ...pending?.values, ...row };
    table.pending.set(key, { kind: pending?.kind === 'insert' ? 'insert' : 'upsert', values });
    if (table.known.has(key)) table.known.set(key, { ...known, ...row });
  }

  insert<T extends ObjectLiteral>(entity: EntityTarget<T>, rows: Partial<T> | ReadonlyArray<Partial<T>>): void {
    const table = this.table(entity);
    for (const given of Array.isArray(rows) ? rows : [rows as Partial<T>]) {
      const row = defined(given);
      const key = this.keyOf(table, row);
      if (table.pending.has(key) || (table.known.has(key) && table.known.get(key) !== null)) continue;
      if (table.known.has(key)) {
        table.known.set(key, row);
        table.pending.set(key, { kind: 'insert', values: row });
      } else {
        table.pending.set(key, { kind: 'insert-if-absent', values: row });
      }
    }
  }

  async update<T extends ObjectLiteral>(entity: EntityTarget<T>, key: string, changes: Partial<T>): Promise<void> {
    const table = this.table(entity);
    await this.settle(table, key);
    const current = table.known.get(key);
    if (!current) return;
    const row = { ...current, ...defined(changes) };
    table.known.set(key, row);
    const pending = table.pending.get(key);
    // A whole row, so that the upsert's insert half satisfies NOT NULL before the conflict turns it into an update.
    table.pending.set(key, { kind: pending?.kind === 'insert' ? 'insert' : 'upsert', values: row });
  }

  /** Writes what the page did, one multi-row statement per table, kind and set of columns. */
  async flush(): Promise<void> {
    for (const table of this.tables.values()) {
      const groups = new Map<string, ObjectLiteral[]>();
      for (const { kind, values } of table.pending.values()) {
        const signature = `${kind === 'upsert' ? 'upsert' : 'ignore'}:${Object.keys(values).sort().join(',')}`;
        const rows = groups.get(signature);
        if (rows) rows.push(values);
        else groups.set(signature, [values]);
      }
      for (const [signature, rows] of groups) {
        const statement = writeStatement(this.manager, table.metadata, signature);
        for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
          await this.manager.query(statement.sql, [JSON.stringify(rows.slice(i, i + WRITE_CHUNK).map(statement.record))]);
        }
      }
      table.pending.clear();
    }
  }

  /** Makes the row under `key` known: looks it up, and decides a pending insert-if-absent. */
  private async settle(table: Table, key: string): Promise<void> {
    const pending = table.pending.get(key);
    if (table.known.has(key) && pending?.kind !== 'insert-if-absent') return;
    const [primary] = this.singlePrimary(table);
    const stored = (await this.manager.findOneBy(table.metadata.target, { [primary.propertyName]: key })) as ObjectLiteral | null;
    if (pending?.kind === 'insert-if-absent') {
      if (stored) {
        table.pending.delete(key);
        table.known.set(key, stored);
      } else {
        table.pending.set(key, { kind: 'insert', values: pending.values });
        table.known.set(key, pending.values);
      }
      return;
    }
    // An upsert made before the row was looked at lies over whatever was stored.
    table.known.set(key, stored || pending ? { ...stored, ...pending?.values } : null);
  }

  private table(entity: EntityTarget<ObjectLiteral>): Table {
    let table = this.tables.get(entity);
    if (!table) {
      table = { metadata: this.manager.connection.getMetadata(entity), known: new Map(), pending: new Map() };
      this.tables.set(entity, table);
    }
    return table;
  }

  private singlePrimary(table: Table) {
    const primary = table.metadata.primaryColumns;
    if (primary.length !== 1) throw new TypeError(`${table.metadata.tableName}: rows are found by a single-column primary key`);
    return primary as [(typeof primary)[number]];
  }

  private keyOf(table: Table, row: ObjectLiteral): string {
    const values = table.metadata.primaryColumns.map((column) => row[column.propertyName]);
    if (values.some((value) => value === undefined || value === null)) {
      throw new TypeError(
        `${table.metadata.tableName}: a row needs its primary key (${table.metadata.primaryColumns.map((c) => c.propertyName).join(', ')})`,
      );
    }
    return values.length === 1 ? String(values[0]) : JSON.stringify(values);
  }
}

/**
 * The row without its undefined properties: as with TypeORM's own upsert, a property left
 * undefined is not written, where in a multi-row statement it would be set to the column's default.
 */
function defined<T extends ObjectLiteral>(row: T): T {
  const copy = { ...row };
  for (const key in copy) if (copy[key] === undefined) delete copy[key];
  return copy;
}

interface WriteStatement {
  readonly sql: string;
  /** A pending row as the statement's JSON wants it: database column names, values as TypeORM would persist them. */
  readonly record: (row: ObjectLiteral) => ObjectLiteral;
}

/** Statements by table and signature (`upsert|ignore:` and the sorted columns): a catch-up writes the same few shapes page after page. */
const statements = new WeakMap<EntityMetadata, Map<string, WriteStatement>>();

/**
 * INSERT … SELECT FROM jsonb_populate_recordset(null::table, $1): the rows, a JSON array, read as
 * rows of the table's own type, so each value is cast to its column's type by the server (text[]
 * from a JSON array, jsonb from any JSON value, dates and timestamps from their ISO strings);
 * jsonb, not json, so that a jsonb column's value is parsed once, not again for its column.
 * TypeORM's builder made a parameter of every value and spent more of a catch-up's time building
 * the statement than the server took to run it. The table is named as TypeORM names it, without
 * a schema unless the entity has one, so that a rebuild's search_path finds its fresh tables (and
 * so a read model's table must not be named as one of PostgreSQL's own types, such as `record`).
 */
function writeStatement(manager: EntityManager, metadata: EntityMetadata, signature: string): WriteStatement {
  let shapes = statements.get(metadata);
  if (!shapes) statements.set(metadata, (shapes = new Map()));
  const known = shapes.get(signature);
  if (known) return known;
  const [kind, listed] = signature.split(':') as [string, string];
  const properties = listed.split(',');
  const driver = manager.connection.driver;
  const columns = metadata.columns.filter((column) => properties.includes(column.propertyName));
  const names = columns.map((column) => driver.escape(column.databaseName)).join(', ');
  const table = metadata.schema
    ? `${driver.escape(metadata.schema)}.${driver.escape(metadata.tableName)}`
    : driver.escape(metadata.tableName);
  const overwrite = columns.filter((column) => !column.isPrimary);
  const conflict =
    kind === 'upsert' && overwrite.length > 0
      ? `on conflict (${metadata.primaryColumns.map((column) => driver.escape(column.databaseName)).join(', ')}) do update set ${overwrite
          .map((column) => `${driver.escape(column.databaseName)} = excluded.${driver.escape(column.databaseName)}`)
          .join(', ')}`
      : 'on conflict do nothing';
  const statement: WriteStatement = {
    sql: `insert into ${table} (${names}) select ${names} from jsonb_populate_recordset(null::${table}, $1::jsonb) ${conflict}`,
    record: (row) => {
      const record: ObjectLiteral = {};
      for (const column of columns) record[column.databaseName] = persisted(driver, column, row[column.propertyName]);
      return record;
    },
  };
  shapes.set(signature, statement);
  return statement;
}

/** json and jsonb values go into the JSON as they are; TypeORM would have stringified them for a parameter of their own. */
function persisted(driver: Driver, column: ColumnMetadata, value: unknown): unknown {
  if (column.type === 'json' || column.type === 'jsonb') {
    return column.transformer ? ApplyValueTransformers.transformTo(column.transformer, value) : value;
  }
  return driver.preparePersistentValue(value, column);
}
