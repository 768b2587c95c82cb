import { ConfigError, loadConfig } from '@ledger/platform';

const SECRET = { LEDGER_JWT_SECRET: 'a-test-secret-that-is-long-enough-for-hs256' };

describe('configuration of the trust settings', () => {
  it('limits each caller to 600 requests a minute and closes CORS by default', () => {
    const config = loadConfig(SECRET);
    expect(config.rateLimitPerMinute).toBe(600);
    expect(config.corsOrigins).toEqual([]);
  });

  it('turns the rate limit off with 0 and refuses what is not a count', () => {
    expect(loadConfig({ ...SECRET, LEDGER_RATE_LIMIT_PER_MINUTE: '0' }).rateLimitPerMinute).toBe(0);
    for (const bad of ['-1', 'many', '1.5']) {
      expect(() => loadConfig({ ...SECRET, LEDGER_RATE_LIMIT_PER_MINUTE: bad })).toThrow(ConfigError);
    }
  });

  it('reads CORS origins as a comma-separated list, or *', () => {
    expect(loadConfig({ ...SECRET, LEDGER_CORS_ORIGINS: ' https://a.example ,http://localhost:5173,' }).corsOrigins).toEqual(['https://a.example', 'http://localhost:5173']);
    expect(loadConfig({ ...SECRET, LEDGER_CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
  });

  it.each(['https://a.example/', 'https://a.example/console', 'a.example', 'HTTPS://A.EXAMPLE', 'file:///x'])('refuses %s, which no browser sends as an Origin', (origin) => {
    expect(() => loadConfig({ ...SECRET, LEDGER_CORS_ORIGINS: origin })).toThrow(ConfigError);
  });
});
