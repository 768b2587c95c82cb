import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { EventSchemaRegistry, PostgresEventStore, toEventJson, type RecordedEvent } from '@ledger/event-store';
import { canonicalBytes, eventLeafHash, hashLeaf, Integrity, signingKeyFromPem, verifyInclusion, verifyLedger } from '@ledger/integrity';
import { dataSourceFor, LedgerMetrics } from '@ledger/platform';
import { allProjections, LicenceApplicationView, LicenceView, ProjectionRunner, READ_MODEL_ENTITIES } from '@ledger/projections';
import {
  evolveLicensing,
  initialLicensingState,
  licenceApplicationStreamId,
  licensingDecider,
  type LicensingCommand,
  type LicensingContext,
} from '@ledger/regulation/licensing';
import type { DataSource } from 'typeorm';
import { CommandExecutor, type CommandEnvelope } from '@ledger/core';
import { TimeTravel } from '@ledger/http/queries/time-travel';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { untilLogVisible } from './support/visibility';

/*
 * A test-local history of a real event: in "release 1" a licence application named its provinces
 * `provinces`; release 2 renamed the field `coverage`; release 3 added the approval path and the
 * credit flags, which every application before 告知承诺 (2019) implied: standard, none.
 */
const RELEASE_3 = new EventSchemaRegistry({
  LicenceApplicationSubmitted: {
    version: 3,
    upcasters: {
      1: ({ provinces, ...v1 }) => ({ ...v1, coverage: provinces }),
      2: (v2) => ({ ...v2, approvalPath: 'standard', freeTradeZone: null, creditFlags: [] }),
    },
  },
});

const USCC = '91330100716105852F';
const SIGNING_KEY = signingKeyFromPem(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const metadata = { actor: 'officer-1', roles: ['officer'], correlationId: 'c-1' };
const instant = (date: string) => new Date(`${date}T10:00:00+08:00`).toISOString();

describe('events written in an older shape', () => {
  let test: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let runner: ProjectionRunner;
  const applicationId = randomUUID();
  const streamId = licenceApplicationStreamId(applicationId);
  /** As release 1 wrote it: the data and schema version stored, byte for byte. */
  const v1 = {
    applicationId,
    uscc: USCC,
    scope: 'domestic',
    provinces: ['110000'],
    serviceModel: 'operated',
    commitments: { noMarketingOutbound: true },
    submittedOn: '2019-03-01',
  };

  beforeAll(async () => {
    test = await createTestDatabase('upcasting');
    const listenUrl = test.database.supportsListen ? test.url : null;
    // Release 1's store: the ledger's schemas, in which the type is at version 1.
    const release1 = await PostgresEventStore.create(test.database.pool, { listenUrl });
    await release1.append(streamId, 'no-stream', [
      { type: 'LicenceApplicationSubmitted', data: v1, metadata, effectiveAt: instant('2019-03-01') },
    ]);
    await release1.close();
    store = await PostgresEventStore.create(test.database.pool, { listenUrl, schemas: RELEASE_3 });
    dataSource = dataSourceFor(test.database, READ_MODEL_ENTITIES);
    await dataSource.initialize();
  });
  afterAll(async () => {
    await runner?.stop();
    await dataSource?.destroy();
    await store?.close();
    await test?.drop();
  });

  it('are decided on in the current shape by commands', async () => {
    const executor = new CommandExecutor(store, new LedgerMetrics());
    const decide = (command: LicensingCommand, at: string) =>
      executor.execute({
        streamId,
        decider: licensingDecider,
        command,
        envelope: envelope(),
        effectiveAt: instant(at),
        context: (): LicensingContext => ({ at: instant(at), licenceNumberTaken: false, creditStanding: { bad: false, dishonest: false } }),
      });
    await decide({ type: 'DecideAcceptance', data: { decision: 'accepted' } }, '2019-03-05');
    await decide(
      { type: 'RecordSiteInspection', data: { inspectedOn: '2019-03-20', inspectors: ['王五'], result: 'passed' } },
      '2019-03-20',
    );
    const granted = await decide(
      { type: 'DecideApplication', data: { decision: 'granted', licenceNumber: '京B2-20190001' } },
      '2019-04-01',
    );
    expect(granted.body.version).toBe(4);

    // The grant copies coverage and approval path from the application: the upcast shape.
    const [grant] = await store.readPositions(granted.body.position, granted.body.position);
    expect(grant!.data).toMatchObject({
      licenceNumber: '京B2-20190001',
      coverage: ['110000'],
      approvalPath: 'standard',
      issuingProvince: '110000',
    });
  });

  it('are folded in the current shape by projections', async () => {
    runner = new ProjectionRunner(
      store,
      dataSource,
      allProjections({ creditTerms: { badYears: 3, dishonestYears: 5 }, schemas: store.schemas }),
    );
    await runner.start();
    await untilLogVisible(store);
    expect(await runner.waitFor(['licences'], await store.headPosition(), 15_000)).toBe(true);
    const application = await dataSource.manager.findOneByOrFail(LicenceApplicationView, { applicationId });
    expect(application).toMatchObject({ approvalPath: 'standard', stage: 'granted', licenceNumber: '京B2-20190001' });
    const licence = await dataSource.manager.findOneByOrFail(LicenceView, { licenceNumber: '京B2-20190001' });
    expect(licence).toMatchObject({ coverage: ['110000'], approvalPath: 'standard', lifecycle: 'valid' });
  });

  it('are folded in the current shape by time travel', async () => {
    const travel = new TimeTravel(store, test.database);
    const submitted = await travel.fold(streamId, 'licensing', initialLicensingState, evolveLicensing, { validAt: instant('2019-03-02') });
    expect(submitted.version).toBe(1);
    expect(submitted.state.application).toMatchObject({
      coverage: ['110000'],
      approvalPath: 'standard',
      freeTradeZone: null,
      creditFlags: [],
    });
    expect(submitted.state.application).not.toHaveProperty('provinces');
  });

  it('are carried by the feed, webhooks and NATS as stored, and the integrity proof verifies the stored bytes', async () => {
    const [stored] = (await store.readStream(streamId)) as [RecordedEvent];
    const { rows } = await test.database.pool.query(`select schema_version, data from ledger.events where position = $1`, [
      stored.position,
    ]);
    expect(rows[0]).toEqual({ schema_version: 1, data: v1 });

    // toEventJson is what the SSE feed, webhook bodies and NATS messages send.
    const carried = toEventJson(stored);
    expect(carried.data).toEqual(v1);
    expect(carried).not.toHaveProperty('schemaVersion');
    const { provinces, ...unchanged } = v1;
    const current = {
      ...unchanged,
      applicationId: randomUUID(),
      coverage: provinces,
      approvalPath: 'standard',
      freeTradeZone: null,
      creditFlags: [],
    };
    const today = await store.append(licenceApplicationStreamId(current.applicationId), 'no-stream', [
      { type: 'LicenceApplicationSubmitted', data: current, metadata },
    ]);
    await untilLogVisible(store);
    const [written] = await store.readPositions(today.position, today.position);
    expect(toEventJson(written!).schemaVersion).toBe(3);

    const integrity = new Integrity(test.database.pool, store, {
      checkpointIntervalMs: 60_000,
      readableWithinMs: 5_000,
      signingKey: () => SIGNING_KEY,
    });
    const checkpoint = await integrity.checkpoint();
    const proof = await integrity.inclusion(stored.position, checkpoint.treeSize);
    const storedLeaf = hashLeaf(canonicalBytes(carried));
    expect(proof.leafHash).toBe(storedLeaf.toString('hex'));
    expect(proof.leafHash).not.toBe(
      hashLeaf(canonicalBytes({ ...carried, data: store.schemas.toDomainEvent(stored).data })).toString('hex'),
    );
    expect(
      verifyInclusion(
        storedLeaf,
        proof.leafIndex,
        proof.treeSize,
        proof.auditPath.map((h) => Buffer.from(h, 'hex')),
        Buffer.from(proof.rootHash, 'hex'),
      ),
    ).toBe(true);

    const report = await verifyLedger(test.database.pool, store, SIGNING_KEY.publicKey);
    expect(report).toMatchObject({ problems: 0, events: checkpoint.treeSize, leaves: checkpoint.treeSize });
    expect(eventLeafHash(stored)).toEqual(storedLeaf);
  });
});

function envelope(): CommandEnvelope {
  return {
    actor: { sub: 'officer-1', roles: ['officer'], org: '110000' }, // the authority of the 京B2 licence decided here (docs/http-contract.md)
    correlationId: randomUUID(),
    causationId: null,
    documentNo: null,
    legalBasis: [],
    idempotencyKey: null,
    requestHash: randomUUID(),
    ifMatch: null,
    effectiveAt: null,
    receivedAt: new Date().toISOString(),
  };
}
