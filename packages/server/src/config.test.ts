import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

const dir = mkdtempSync(path.join(tmpdir(), 'docgate-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const minimal = {
  tenants: [{ id: 'acme', name: 'Acme', corpId: 'wwacme', admins: ['zhangsan'] }],
  sites: [{ id: 'docs', tenant: 'acme', name: 'Docs', origins: ['https://docs.acme.com/'] }],
};
const write = (value: unknown, name = 'docgate.config.json') => {
  const file = path.join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};
const problems = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems;
  }
  assert.fail('expected a ConfigError');
};

describe('loadConfig', () => {
  it('reads a file and fills in defaults', () => {
    const config = loadConfig({ file: write(minimal), env: {} });
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 8787);
    assert.equal(config.publicUrl, 'http://127.0.0.1:8787');
    assert.equal(config.dataDir, path.join(dir, 'data'), 'relative to the configuration file');
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.auth.devLogin, false);
    assert.equal(config.auth.accessTokenSeconds, 900);
    assert.equal(config.auth.refreshTokenSeconds, 30 * 86400);
    assert.deepEqual(config.tenants[0], {
      id: 'acme',
      name: 'Acme',
      corpId: 'wwacme',
      agentId: null,
      timeZone: 'Asia/Shanghai',
      admins: ['zhangsan'],
      wecom: {
        apiBaseUrl: 'https://qyapi.weixin.qq.com',
        oauthBaseUrl: 'https://open.weixin.qq.com',
        qrBaseUrl: 'https://login.work.weixin.qq.com',
        syncDailyAt: null,
        domainVerification: null,
        secret: undefined,
        contactsSecret: undefined,
        callbackToken: undefined,
        callbackAesKey: undefined,
      },
    });
    assert.deepEqual(config.sites[0]!.origins, ['https://docs.acme.com'], 'a trailing slash is dropped');
    assert.equal(config.sites[0]!.defaultPolicy, 'company');
  });

  it("reads a tenant's WeCom settings from the file and its secrets from the environment only", () => {
    const file = write({
      ...minimal,
      tenants: [
        {
          ...minimal.tenants[0],
          agentId: '1000002',
          wecom: { apiBaseUrl: 'http://127.0.0.1:9300/', syncDailyAt: '03:30', domainVerification: { file: 'WW_verify_Ab12.txt', content: 'Ab12' } },
        },
      ],
    });
    const { wecom } = loadConfig({
      file,
      env: {
        DOCGATE_WECOM_ACME_SECRET: 's1',
        DOCGATE_WECOM_ACME_CONTACTS_SECRET: 's2',
        DOCGATE_WECOM_ACME_CALLBACK_TOKEN: 'tok',
        DOCGATE_WECOM_ACME_CALLBACK_AES_KEY: '4Ma3YBrSBbX2aez8MJpXGBne5LSDwgGqHbhM9WPYIws',
      },
    }).tenants[0]!;
    assert.equal(wecom.apiBaseUrl, 'http://127.0.0.1:9300');
    assert.equal(wecom.syncDailyAt, '03:30');
    assert.deepEqual(wecom.domainVerification, { file: 'WW_verify_Ab12.txt', content: 'Ab12' });
    assert.deepEqual([wecom.secret, wecom.contactsSecret, wecom.callbackToken], ['s1', 's2', 'tok']);

    const shape = problems(() =>
      loadConfig({ file: write({ ...minimal, tenants: [{ ...minimal.tenants[0], wecom: { syncDailyAt: '25:00', domainVerification: { file: '../etc/passwd', content: 'x' } } }] }), env: {} }),
    );
    assert.ok(shape.some((p) => p.startsWith('/tenants/0/wecom/syncDailyAt')), shape.join('\n'));
    assert.ok(shape.some((p) => p.startsWith('/tenants/0/wecom/domainVerification/file')), shape.join('\n'));
    const values = problems(() =>
      loadConfig({ file: write({ ...minimal, tenants: [{ ...minimal.tenants[0], wecom: { apiBaseUrl: 'ftp://x' } }] }), env: { DOCGATE_WECOM_ACME_CALLBACK_AES_KEY: 'too-short' } }),
    );
    assert.deepEqual(values, [
      '/tenants/0/wecom/apiBaseUrl: "ftp://x" is not an http(s) URL',
      'DOCGATE_WECOM_ACME_CALLBACK_AES_KEY: an EncodingAESKey is 43 letters and digits',
    ]);
  });

  it('lets the environment override the file', () => {
    const file = write({ ...minimal, server: { port: 9000 }, auth: { devLogin: true } });
    const config = loadConfig({
      file,
      env: {
        DOCGATE_PORT: '9100',
        DOCGATE_HOST: '0.0.0.0',
        DOCGATE_PUBLIC_URL: 'https://docgate.acme.com/',
        DOCGATE_DATA_DIR: '/var/lib/docgate',
        DOCGATE_DEV_LOGIN: 'false',
        DOCGATE_LOG_LEVEL: 'debug',
        DATABASE_URL: 'postgres://u:p@db/docgate',
      },
    });
    assert.equal(config.port, 9100);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.publicUrl, 'https://docgate.acme.com');
    assert.equal(config.dataDir, '/var/lib/docgate');
    assert.equal(config.auth.devLogin, false);
    assert.equal(config.logLevel, 'debug');
    assert.equal(config.databaseUrl, 'postgres://u:p@db/docgate');
  });

  it('finds the file through DOCGATE_CONFIG, and accepts a byte-order mark', () => {
    const file = write(`\uFEFF${JSON.stringify(minimal)}`, 'bom.json');
    assert.equal(loadConfig({ env: { DOCGATE_CONFIG: file } }).tenants[0]!.id, 'acme');
  });

  it('refuses secrets in the file, whatever their nesting', () => {
    const found = problems(() =>
      loadConfig({
        file: write({ ...minimal, tenants: [{ ...minimal.tenants[0], corpSecret: 'abc' }], wecom: { callbackToken: 'x', encodingAesKey: 'y' } }),
        env: {},
      }),
    );
    assert.equal(found.length, 3);
    assert.ok(found.every((p) => /secrets are read only from the environment/.test(p)));
    assert.match(found[0]!, /\/tenants\/0\/corpSecret/);
  });

  it('explains every problem at once, with where it is', () => {
    const broken = (firstTenantId: string, extra: Record<string, unknown> = {}) => () =>
      loadConfig({
        value: {
          tenants: [
            { id: firstTenantId, name: 'A', corpId: 'ww1', timeZone: 'Mars/Olympus' },
            { id: 'b', name: 'B', corpId: 'ww2' },
            { id: 'b', name: 'B again', corpId: 'ww3' },
          ],
          sites: [{ id: 'docs', tenant: 'nope', name: 'Docs', origins: ['https://docs.acme.com/handbook', 'ftp://x'] }],
          ...extra,
        },
        env: { DOCGATE_PORT: 'eighty', DOCGATE_DEV_LOGIN: 'maybe' },
      });
    // Shape errors come first, all of them ...
    const shape = problems(broken('Acme!', { colour: 'blue' }));
    assert.ok(shape.some((p) => p.startsWith('/tenants/0/id')), shape.join('\n'));
    assert.ok(shape.some((p) => /colour/.test(p)), shape.join('\n'));
    // ... then, once the shape is right, every problem of meaning.
    const meaning = problems(broken('a'));
    for (const expected of [
      /DOCGATE_PORT: "eighty" is not a port number/,
      /DOCGATE_DEV_LOGIN: "maybe" is not a boolean/,
      /\/tenants\/0\/timeZone: "Mars\/Olympus" is not an IANA time zone/,
      /\/tenants\/2\/id: tenant "b" is defined twice/,
      /\/sites\/0\/tenant: no tenant "nope"/,
      /\/sites\/0\/origins\/0: "https:\/\/docs.acme.com\/handbook" is not an origin/,
      /\/sites\/0\/origins\/1: "ftp:\/\/x" is not an origin/,
    ]) {
      assert.ok(meaning.some((p) => expected.test(p)), `${expected} in:\n${meaning.join('\n')}`);
    }
  });

  it('says how to fix a missing or broken file', () => {
    assert.match(problems(() => loadConfig({ file: path.join(dir, 'absent.json'), env: {} }))[0]!, /no configuration file.*--config/);
    assert.match(problems(() => loadConfig({ file: write('{"tenants": [', 'broken.json'), env: {} }))[0]!, /not valid JSON/);
  });
});

describe('docs/docgate.config.example.json', () => {
  it('is a valid configuration', () => {
    const file = new URL('../../../docs/docgate.config.example.json', import.meta.url);
    const config = loadConfig({ file: file.pathname, env: {} });
    assert.equal(config.tenants[0]!.id, 'lanting');
    assert.equal(config.sites[0]!.dropHtmlExtension, true);
  });
});
