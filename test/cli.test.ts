// The command-line front end, run as a user would run it (through tsx, on the source).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

const tsx = path.resolve('node_modules/.bin/tsx');
function cli(...args: string[]) {
  const r = spawnSync(tsx, ['src/cli.ts', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('passreverse simulate', () => {
  test('--scenarios runs every seed scenario', () => {
    const r = cli('simulate', '--scenarios', 'examples/seed/scenarios.json');
    expect(r.status).toBe(0);
    for (const f of fs.readdirSync('examples/seed').filter((n) => n.endsWith('.conf'))) expect(r.stdout).toContain(`=== ${f}`);
    // 05: "ProxyPass /app http://internal-server:8080/" doubles the slash (seed replayed on 2.4.71).
    expect(r.stdout).toContain('forward: GET http://internal-server:8080//dashboard');
  });

  test('--config with request and response flags, --json', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passreverse-cli-'));
    const conf = path.join(dir, 'proxy.conf');
    fs.writeFileSync(conf, 'ProxyPass /app/ http://backend.test:8080/\nProxyPassReverse /app/ http://backend.test:8080/\n');
    const r = cli(
      'simulate', '--config', conf, '--target', '/app/x?y=1', '--header', 'Host: www.example.com',
      '--status', '302', '--response-header', 'Location: http://backend.test:8080/login', '--json',
    );
    fs.rmSync(dir, { recursive: true });
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.result.forward.url).toBe('http://backend.test:8080/x?y=1');
    expect(out.result.response).toEqual({ status: 302, headers: [['Location', 'http://www.example.com/app/login']] });
  });

  test('a configuration Apache refuses exits 1 with its message', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passreverse-cli-'));
    const conf = path.join(dir, 'bad.conf');
    fs.writeFileSync(conf, 'ProxyPass /a/ http://b/ mapping=odd\n');
    const r = cli('simulate', '--config', conf);
    fs.rmSync(dir, { recursive: true });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('unknown mapping');
  });

  test('no command prints the usage and exits 2', () => {
    const r = cli();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Usage:');
  });
});
