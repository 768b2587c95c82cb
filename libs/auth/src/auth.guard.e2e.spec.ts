import { Controller, Get, type INestApplication, Param, Post } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AuthModule } from './auth.module';
import { assertActsForOrg, CurrentPrincipal, Public, Roles } from './decorators';
import { signToken } from './jwt';
import { mintToken, type Principal } from './principal';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';

@Controller()
class LedgerController {
  @Public()
  @Get('health/live')
  live() {
    return { status: 'up' };
  }

  @Roles('officer')
  @Get('officer-only')
  officerOnly(@CurrentPrincipal() principal: Principal) {
    return principal;
  }

  @Roles('officer', 'carrier')
  @Post('carriers/:carrier/access-contracts')
  signContract(@Param('carrier') carrier: string, @CurrentPrincipal() principal: Principal) {
    assertActsForOrg(principal, carrier, 'carrier');
    return { carrier, by: principal.sub };
  }

  @Get('forgotten')
  forgotten() {
    return { leaked: true };
  }
}

@Public()
@Controller('open')
class OpenController {
  @Get()
  open() {
    return { open: true };
  }

  @Get('who')
  who(@CurrentPrincipal() principal: Principal) {
    return principal;
  }

  // A route's @Roles replaces its controller's @Public: adding roles to one route closes it.
  @Roles('admin')
  @Get('admin')
  admin() {
    return { admin: true };
  }
}

@Roles('auditor')
@Controller('audit')
class AuditController {
  @Get()
  read() {
    return { audit: true };
  }

  @Roles('officer')
  @Get('officer')
  officerOverride() {
    return { officer: true };
  }
}

describe('AuthGuard (HTTP)', () => {
  let app: INestApplication;
  const bearer = (roles: string[], org?: string) => `Bearer ${mintToken({ sub: `user-${roles.join('-')}`, roles, org }, SECRET)}`;
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AuthModule.forRoot({ secret: SECRET })],
      controllers: [LedgerController, OpenController, AuditController],
    }).compile();
    // The adapter the API runs on (libs/http/src/app.ts), so the guard is tried as it is served.
    const fastify = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    await fastify.init();
    await fastify.getHttpAdapter().getInstance().ready();
    app = fastify;
  });
  afterAll(() => app.close());

  const get = (path: string, authorization?: string) => {
    const call = request(app.getHttpServer()).get(path);
    return authorization === undefined ? call : call.set('Authorization', authorization);
  };

  it('lets anyone through a @Public route', async () => {
    await get('/health/live').expect(200, { status: 'up' });
    await get('/open').expect(200, { open: true });
  });

  it('has no principal to give on a @Public route, even with a token', async () => {
    await get('/open/who', bearer(['officer'])).expect(401);
  });

  describe('401', () => {
    it('without a token, with a Bearer challenge and a problem body', async () => {
      const response = await get('/officer-only').expect(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="ledger"');
      expect(response.body).toMatchObject({ status: 401, code: 'UNAUTHORIZED', title: 'Unauthorized' });
    });

    it.each([
      ['another scheme', 'Basic b2ZmaWNlcjpwdw=='],
      ['an empty bearer', 'Bearer '],
      ['garbage', 'Bearer not-a-jwt'],
    ])('with %s', async (_, authorization) => {
      await get('/officer-only', authorization).expect(401);
    });

    it('with a forged signature', async () => {
      const forged = mintToken({ sub: 'mallory', roles: ['officer'] }, `${SECRET}-guessed`);
      const response = await get('/officer-only', `Bearer ${forged}`).expect(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="ledger", error="invalid_token"');
      expect(response.body.detail).toBe('invalid token: bad signature');
    });

    it('with an expired token', async () => {
      const expired = signToken({ sub: 'alice', roles: ['officer'] }, SECRET, {
        expiresInSeconds: 60,
        now: new Date(Date.now() - 3600_000),
      });
      const response = await get('/officer-only', `Bearer ${expired}`).expect(401);
      expect(response.body.detail).toBe('invalid token: expired');
    });

    it('with alg none', async () => {
      const exp = Math.floor(Date.now() / 1000) + 600;
      const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'mallory', roles: ['officer'], exp })}.`;
      const response = await get('/officer-only', `Bearer ${none}`).expect(401);
      expect(response.body.detail).toBe('invalid token: unsupported alg');
    });

    it('with a carrier token that names no org', async () => {
      const token = signToken({ sub: 'ct-desk', roles: ['carrier'] }, SECRET, { expiresInSeconds: 60 });
      await request(app.getHttpServer()).post('/carriers/CT/access-contracts').set('Authorization', `Bearer ${token}`).expect(401);
    });
  });

  describe('roles', () => {
    it('gives the handler the principal, without roles it does not know', async () => {
      const token = signToken({ sub: 'alice', roles: ['officer', 'pilot'] }, SECRET, { expiresInSeconds: 60 });
      await get('/officer-only', `Bearer ${token}`).expect(200, { sub: 'alice', roles: ['officer'] });
    });

    it('refuses other roles with 403 FORBIDDEN', async () => {
      const response = await get('/officer-only', bearer(['auditor'])).expect(403);
      expect(response.body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      expect(response.headers['www-authenticate']).toBeUndefined();
    });

    it('lets a route’s @Roles replace its controller’s', async () => {
      await get('/audit', bearer(['auditor'])).expect(200);
      await get('/audit/officer', bearer(['auditor'])).expect(403);
      await get('/audit/officer', bearer(['officer'])).expect(200);
      await get('/open/admin').expect(401);
      await get('/open/admin', bearer(['admin'])).expect(200);
    });

    it('refuses a route with neither @Roles nor @Public to every role (deny by default)', async () => {
      await get('/forgotten').expect(401);
      for (const roles of [['officer'], ['admin'], ['auditor'], ['subscriber']]) {
        await get('/forgotten', bearer(roles)).expect(403);
      }
    });
  });

  describe('org scope', () => {
    const post = (carrier: string, authorization: string) =>
      request(app.getHttpServer()).post(`/carriers/${carrier}/access-contracts`).set('Authorization', authorization);

    it('lets a carrier act for its own code', async () => {
      await post('CT', bearer(['carrier'], 'CT')).expect(201, { carrier: 'CT', by: 'user-carrier' });
    });

    it('refuses a carrier acting for another carrier', async () => {
      const response = await post('CM', bearer(['carrier'], 'CT')).expect(403);
      expect(response.body.code).toBe('FORBIDDEN');
    });

    it('lets an officer act for any carrier', async () => {
      await post('CM', bearer(['officer'])).expect(201);
    });
  });
});
