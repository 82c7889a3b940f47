import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseDatabaseUrl } from '../../server/config.js';
import { postgresUrl } from '../../server/orm.js';

describe('configuration', () => {
  it('has documented defaults', () => {
    const config = loadConfig([], {});
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', logLevel: 'info', seed: true, writesPerKey: 60, writesPerIp: 120, usagePerIp: 600 });
    expect(loadConfig([], { RATE_LIMIT_USAGE_PER_IP: '5000' }).usagePerIp).toBe(5000);
    expect(config.database).toEqual({ kind: 'sqlite', file: path.resolve('data/registry.db') });
    expect(config.trustProxy).toBe(false);
    expect(loadConfig([], { TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig([], { TRUST_PROXY: '10.0.0.0/8, 192.0.2.7,loopback' }).trustProxy).toEqual(['10.0.0.0/8', '192.0.2.7', 'loopback']);
  });

  it('reads every database URL form', () => {
    expect(parseDatabaseUrl('sqlite:///var/lib/loom/registry.db')).toEqual({ kind: 'sqlite', file: '/var/lib/loom/registry.db' });
    expect(parseDatabaseUrl('my.db', '/srv')).toEqual({ kind: 'sqlite', file: '/srv/my.db' });
    expect(parseDatabaseUrl(':memory:')).toEqual({ kind: 'sqlite', file: ':memory:' });
    expect(parseDatabaseUrl('postgres://u@h/db')).toEqual({ kind: 'postgresql', url: 'postgres://u@h/db' });
    expect(() => parseDatabaseUrl('mysql://x/y')).toThrow(ConfigError);
  });

  it('lets flags win over the environment', () => {
    const config = loadConfig(['--port', '9000', '--database-url', ':memory:', '--no-seed'], { PORT: '1234', LOG_LEVEL: 'debug' });
    expect(config).toMatchObject({ port: 9000, logLevel: 'debug', seed: false, database: { kind: 'sqlite', file: ':memory:' } });
  });

  it('names the bad setting', () => {
    expect(() => loadConfig([], { PORT: 'eighty' })).toThrow(/invalid setting port/);
    expect(() => loadConfig([], { LOG_LEVEL: 'loud' })).toThrow(/invalid setting logLevel/);
    expect(() => loadConfig(['--bogus'], {})).toThrow(ConfigError);
    // one connection holds the migration lock while another migrates
    expect(() => loadConfig([], { DATABASE_POOL_SIZE: '1' })).toThrow(/invalid setting databasePoolSize/);
    expect(() => loadConfig([], { TRUST_PROXY: '10.0.0.0/8, proxy.example.com' })).toThrow(/invalid setting trustProxy: "proxy.example.com" is not/);
  });

  it('connects to PostgreSQL as PGUSER or the operating-system user when the URL names none, like psql', () => {
    expect(postgresUrl('postgres://u:p@h:5432/db?sslmode=require')).toBe('postgres://u:p@h:5432/db?sslmode=require');
    const filled = new URL(postgresUrl('postgres://127.0.0.1/db'));
    expect(decodeURIComponent(filled.username)).toBe(process.env.PGUSER || os.userInfo().username);
    expect(filled.pathname).toBe('/db');
  });
});
