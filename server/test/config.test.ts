import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration from the environment', () => {
  it('has safe defaults', () => {
    const config = loadConfig({}, null);
    expect(config).toMatchObject({ port: 8080, host: '0.0.0.0', publicOrigin: null, allowedOrigins: [] });
    expect(config.dataDir).toMatch(/data$/);
    expect(config.frameAncestors).toBe("'none'");
    // On a shared Postgres this instance is known by host and port, and its board leases live 5 s unrenewed.
    expect(config).toMatchObject({ instanceId: `${hostname()}:8080`, leaseTtlMs: 5000 });
    expect(config.limits).toMatchObject({
      maxMessageBytes: 1 << 20,
      maxMessagesPerSecond: 300,
      maxRooms: 1000,
      maxVersionsPerBoard: 100,
      maxVersionBytesPerBoard: 256 << 20,
      createBoardsPerHour: 60,
      minFreeDiskMb: 256,
      exportWorkers: 2,
      exportQueue: 8,
      exportsPerBoardPerMinute: 30,
      exportsPerTokenPerMinute: 20,
      versionReadsPerBoardPerMinute: 60,
      identitiesPerTokenPerMinute: 30,
    });
  });

  it('refuses invalid values with a message naming each variable', () => {
    try {
      loadConfig(
        {
          PORT: 'eighty',
          PUBLIC_ORIGIN: 'not a url',
          ALLOWED_ORIGINS: 'https://ok.example, ftp//bad',
          MAX_ROOMS: '-1',
          IDENTITIES_PER_TOKEN_PER_MINUTE: 'many',
          FRAME_ANCESTORS: "https://ok.example; script-src 'unsafe-inline'",
          INSTANCE_ID: 'has spaces',
          LEASE_TTL_MS: '50',
        },
        null,
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toMatch(/^Invalid configuration:/);
      for (const name of [
        'PORT',
        'PUBLIC_ORIGIN',
        'ALLOWED_ORIGINS',
        'MAX_ROOMS',
        'IDENTITIES_PER_TOKEN_PER_MINUTE',
        'FRAME_ANCESTORS',
        'INSTANCE_ID',
        'LEASE_TTL_MS',
      ])
        expect(message).toContain(`  ${name}: `);
    }
  });

  it('normalises origins', () => {
    const config = loadConfig(
      { PUBLIC_ORIGIN: 'https://journeys.example.com/some/path', ALLOWED_ORIGINS: 'http://localhost:5173' },
      null,
    );
    expect(config.publicOrigin).toBe('https://journeys.example.com');
    expect(config.allowedOrigins).toEqual(['http://localhost:5173']);
  });

  it('runs on SQLite without DATABASE_URL, and in cluster mode only with both DATABASE_URL and REDIS_URL', () => {
    expect(loadConfig({}, null)).toMatchObject({
      databaseUrl: null,
      redisUrl: null,
      redisKeyPrefix: 'journeyboard:',
    });
    const cluster = loadConfig(
      {
        DATABASE_URL: 'postgres://jb@db:5432/jb',
        REDIS_URL: 'redis://cache:6379',
        REDIS_KEY_PREFIX: 'team-a:',
      },
      null,
    );
    expect(cluster).toMatchObject({
      databaseUrl: 'postgres://jb@db:5432/jb',
      redisUrl: 'redis://cache:6379',
      redisKeyPrefix: 'team-a:',
    });
    // Redis alone links nothing: the instances share boards through Postgres.
    expect(() => loadConfig({ REDIS_URL: 'redis://cache:6379' }, null)).toThrow(
      /REDIS_URL: cluster mode needs DATABASE_URL/,
    );
    for (const env of [
      { DATABASE_URL: 'mysql://db/jb' },
      { DATABASE_URL: 'postgres://db/jb', REDIS_URL: 'http://cache:6379' },
      { REDIS_KEY_PREFIX: 'has spaces' },
    ]) {
      expect(() => loadConfig(env, null)).toThrow(ConfigError);
    }
  });
});
