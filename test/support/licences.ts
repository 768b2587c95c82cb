import { randomUUID } from 'node:crypto';
import type { Test } from 'supertest';

/**
 * A licence granted on the standard path (submission, acceptance, site inspection, grant), in
 * force from 2020-08-20 to 2030-08-19, through the HTTP API as an officer would record it.
 */
export async function grantLicence(
  post: (path: string, body: object) => Test,
  uscc: string,
  licenceNumber: string,
  coverage: string[],
): Promise<void> {
  const applicationId = randomUUID();
  const application = { applicationId, uscc, scope: 'domestic', coverage, serviceModel: 'operated', approvalPath: 'standard' };
  await post('/v1/licence-applications', { ...application, commitments: { noMarketingOutbound: true }, effectiveAt: '2020-08-01' }).expect(
    201,
  );
  await post(`/v1/licence-applications/${applicationId}/acceptance`, { decision: 'accepted', effectiveAt: '2020-08-05' }).expect(201);
  await post(`/v1/licence-applications/${applicationId}/site-inspections`, {
    inspectedOn: '2020-08-10',
    inspectors: ['王'],
    result: 'passed',
  }).expect(201);
  await post(`/v1/licence-applications/${applicationId}/decision`, {
    decision: 'granted',
    licenceNumber,
    validUntil: '2030-08-19',
    effectiveAt: '2020-08-20',
  }).expect(201);
}
