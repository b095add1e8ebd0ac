// `passreverse compile` and `passreverse simulate --table`, run as a user would (tsx on the source).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

const tsx = path.resolve('node_modules/.bin/tsx');
function cli(...args: string[]) {
  const r = spawnSync(tsx, ['src/cli.ts', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passreverse-cli-table-'));
afterAll(() => fs.rmSync(dir, { recursive: true }));
function file(name: string, text: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

const APACHE = file('proxy.conf', 'ProxyPass /app/ http://backend.test:8080/\nProxyPassReverse /app/ http://backend.test:8080/\n');
const NGINX = file('nginx.conf', 'location /app/ { proxy_pass http://127.0.0.1:8081/; }\n');
const EXCHANGE = ['--target', '/app/x?y=1', '--header', 'Host: www.example.com', '--status', '302', '--json'];

describe('passreverse compile', () => {
  test('prints the table as JSON, with its dialect', () => {
    const r = cli('compile', '--config', APACHE);
    expect(r.status).toBe(0);
    const t = JSON.parse(r.stdout);
    expect([t.format, t.dialect, t.table.proxyPass[0].real]).toEqual(['passreverse/table', 'apache', 'http://backend.test:8080/']);
  });
  test('--dialect nginx', () => {
    const r = cli('compile', '--dialect', 'nginx', '--config', NGINX);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).dialect).toBe('nginx');
  });
  test('a configuration the server refuses exits 1 with its message', () => {
    const r = cli('compile', '--config', file('bad.conf', 'ProxyPass /a/ http://b/ mapping=odd\n'));
    expect([r.status, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toContain('unknown mapping');
  });
  test('no --config is a usage error (2)', () => {
    const r = cli('compile');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('compile needs --config FILE');
  });
});

describe('passreverse simulate --table', () => {
  for (const [dialect, conf, location] of [
    ['apache', APACHE, 'http://backend.test:8080/login'],
    ['nginx', NGINX, 'http://127.0.0.1:8081/login'],
  ] as const) {
    test(`${dialect}: the same answer as --config`, () => {
      const table = file(`${dialect}.json`, cli('compile', '--dialect', dialect, '--config', conf).stdout);
      const flags = [...EXCHANGE, '--response-header', `Location: ${location}`];
      const fromTable = cli('simulate', '--table', table, ...flags);
      const fromConfig = cli('simulate', '--dialect', dialect, '--config', conf, ...flags);
      expect(fromTable.status).toBe(0);
      expect(JSON.parse(fromTable.stdout).result).toEqual(JSON.parse(fromConfig.stdout).result);
      expect(JSON.parse(fromTable.stdout).result.response.headers[0][1]).toMatch(/^http:\/\/www\.example\.com\/app\/login$/);
    });
  }
  test('a file that is no table exits 1', () => {
    const r = cli('simulate', '--table', APACHE);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('not a passreverse table');
  });
  test('--config and --table together are a usage error (2)', () => {
    const r = cli('simulate', '--table', APACHE, '--config', APACHE);
    expect(r.status).toBe(2);
  });
});
