// Runs the real apache2 / nginx from a temporary directory with a generated configuration: one
// `<VirtualHost 127.0.0.1:PORT>` / `server { listen 127.0.0.1:PORT; }` per case, so hundreds of
// cases share one server start. Never the system services; every child is stopped by its PID.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DialectName } from '../../src/core/types.js';
import { canConnect } from './wire.js';

const MODULES = '/usr/lib/apache2/modules';
const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

/** One case's part of a batch: the port it listens on and its (filled) directive text. */
export interface BatchItem {
  port: number;
  config: string;
}

interface Generated {
  text: string;
  /** For each 1-based line, the index of the item that wrote it, or -1 for the fixed part. */
  owner: number[];
}

/** The fixed global part of the Apache configuration (see docs/oracle.md). */
export function apacheGlobal(dir: string): string[] {
  return [
    `ServerRoot ${dir}`,
    `DefaultRuntimeDir ${dir}/run`,
    `PidFile ${dir}/run/httpd.pid`,
    `ErrorLog ${dir}/error.log`,
    'LogLevel warn',
    `Mutex file:${dir}/run default`,
    `LoadModule mpm_event_module ${MODULES}/mod_mpm_event.so`,
    `LoadModule authz_core_module ${MODULES}/mod_authz_core.so`,
    `LoadModule setenvif_module ${MODULES}/mod_setenvif.so`,
    `LoadModule slotmem_shm_module ${MODULES}/mod_slotmem_shm.so`,
    `LoadModule proxy_module ${MODULES}/mod_proxy.so`,
    `LoadModule proxy_http_module ${MODULES}/mod_proxy_http.so`,
    `LoadModule proxy_balancer_module ${MODULES}/mod_proxy_balancer.so`,
    `LoadModule lbmethod_byrequests_module ${MODULES}/mod_lbmethod_byrequests.so`,
    // mod_alias, as on every Debian install: real configurations carry Alias next to ProxyPass.
    `LoadModule alias_module ${MODULES}/mod_alias.so`,
    ...(IS_ROOT ? ['User nobody', 'Group nogroup'] : []),
    'ServerName oracle.invalid',
    `DocumentRoot ${dir}/htdocs`,
    'StartServers 1',
    'ServerLimit 2',
    'ThreadsPerChild 32',
    'MaxRequestWorkers 64',
    'Timeout 10',
    'ProxyTimeout 10',
  ];
}

/** The fixed global part of the nginx configuration (see docs/oracle.md). */
export function nginxGlobal(dir: string): { main: string[]; http: string[] } {
  return {
    main: [
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log warn;`,
      ...(IS_ROOT ? ['user nobody nogroup;'] : []),
      'events { worker_connections 8192; }',
    ],
    http: [
      'access_log off;',
      `client_body_temp_path ${dir}/tmp/body;`,
      `proxy_temp_path ${dir}/tmp/proxy;`,
      `fastcgi_temp_path ${dir}/tmp/fastcgi;`,
      `uwsgi_temp_path ${dir}/tmp/uwsgi;`,
      `scgi_temp_path ${dir}/tmp/scgi;`,
      'proxy_read_timeout 10s;',
    ],
  };
}

function generateApache(dir: string, items: readonly BatchItem[]): Generated {
  const text: string[] = [];
  const owner: number[] = [];
  const push = (line: string, who: number) => {
    text.push(line);
    owner.push(who);
  };
  for (const l of apacheGlobal(dir)) push(l, -1);
  items.forEach((it) => push(`Listen 127.0.0.1:${it.port}`, -1));
  items.forEach((it, i) => {
    push(`<VirtualHost 127.0.0.1:${it.port}>`, i);
    for (const l of it.config.split('\n')) push(l, i);
    push('</VirtualHost>', i);
  });
  return { text: text.join('\n') + '\n', owner: [-1, ...owner] };
}

/**
 * Split an nginx case's text into its top-level `upstream name { ... }` blocks (kept at http level
 * by the real server) and the rest (the `server { }` body). Brace matching ignores quotes: the
 * generators never put braces in strings.
 */
export function splitUpstreams(config: string): { upstreams: string[]; server: string[] } {
  const lines = config.split('\n');
  const upstreams: string[] = [];
  const server: string[] = [];
  let depth = 0;
  let inUpstream = false;
  for (const line of lines) {
    if (depth === 0 && /^\s*upstream\s/.test(line)) inUpstream = true;
    (inUpstream ? upstreams : server).push(line);
    for (const ch of line) {
      if (ch === '{') depth++;
      else if (ch === '}') depth--;
    }
    if (inUpstream && depth === 0 && line.includes('}')) inUpstream = false;
  }
  return { upstreams, server };
}

function generateNginx(dir: string, items: readonly BatchItem[]): Generated {
  const text: string[] = [];
  const owner: number[] = [];
  const push = (line: string, who: number) => {
    text.push(line);
    owner.push(who);
  };
  const g = nginxGlobal(dir);
  for (const l of g.main) push(l, -1);
  push('http {', -1);
  for (const l of g.http) push(l, -1);
  const split = items.map((it) => splitUpstreams(it.config));
  split.forEach((s, i) => s.upstreams.forEach((l) => push(l, i)));
  items.forEach((it, i) => {
    push('server {', i);
    push(`listen 127.0.0.1:${it.port};`, i);
    for (const l of split[i].server) push(l, i);
    push('}', i);
  });
  push('}', -1);
  return { text: text.join('\n') + '\n', owner: [-1, ...owner] };
}

function configPath(dialect: DialectName, dir: string): string {
  return path.join(dir, dialect === 'apache' ? 'httpd.conf' : 'nginx.conf');
}

function prepareDir(dir: string): void {
  for (const d of ['run', 'htdocs', 'tmp', 'logs']) fs.mkdirSync(path.join(dir, d), { recursive: true });
}

/** Run the server's own syntax check (`-t`). Returns `null` when accepted, else the message. */
function checkConfig(dialect: DialectName, dir: string, text: string): { message: string; line: number | null } | null {
  const file = configPath(dialect, dir);
  fs.writeFileSync(file, text);
  const r =
    dialect === 'apache'
      ? spawnSync('apache2', ['-t', '-f', file], { encoding: 'utf8' })
      : spawnSync('nginx', ['-t', '-p', dir, '-c', file, '-e', path.join(dir, 'error.log')], { encoding: 'utf8' });
  if (r.status === 0) return null;
  const out = `${r.stderr ?? ''}${r.stdout ?? ''}`;
  const base = path.basename(file).replace('.', '\\.');
  const m = dialect === 'apache' ? new RegExp(`line (\\d+) of [^:]*${base}`).exec(out) : new RegExp(`${base}:(\\d+)`).exec(out);
  return { message: cleanMessage(out, dir), line: m ? Number(m[1]) : null };
}

/** The server's message without the temporary paths and line numbers of the generated file. */
function cleanMessage(out: string, dir: string): string {
  return out
    .split('\n')
    .filter((l) => l.trim() !== '' && !/test failed|Action '-t' failed|The Apache error log/.test(l))
    .join(' | ')
    .replaceAll(dir, '<dir>')
    .replace(/ on line \d+ of <dir>\/httpd\.conf/g, '')
    .replace(/ in <dir>\/nginx\.conf:\d+/g, '')
    .trim();
}

/**
 * Find the items the server refuses: check the whole batch; on failure drop the item that owns the
 * reported line (or, with no line, bisect) and check again, so one refused case never sinks its
 * neighbours. Returns the refusal message per refused item.
 */
export function findRefused(dialect: DialectName, dir: string, items: readonly BatchItem[]): Map<number, string> {
  prepareDir(dir);
  const refused = new Map<number, string>();
  const gen = dialect === 'apache' ? generateApache : generateNginx;
  const check = (idx: number[]): void => {
    let live = idx.slice();
    for (;;) {
      if (live.length === 0) return;
      const g = gen(dir, live.map((i) => items[i]));
      const err = checkConfig(dialect, dir, g.text);
      if (!err) return;
      const who = err.line !== null ? g.owner[err.line] : undefined;
      if (who !== undefined && who >= 0) {
        refused.set(live[who], err.message);
        live = live.filter((_, k) => k !== who);
        continue;
      }
      if (live.length === 1) {
        refused.set(live[0], err.message);
        return;
      }
      const half = live.length >> 1;
      check(live.slice(0, half));
      check(live.slice(half));
      return;
    }
  };
  check(items.map((_, i) => i));
  return refused;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** A started server; `stop()` sends SIGTERM to the PID we spawned and waits for it to exit. */
export interface RunningServer {
  pid: number;
  dir: string;
  stop(): Promise<void>;
}

/** Start the server in the foreground on the given (already checked) items and wait for its ports. */
export async function startServer(dialect: DialectName, dir: string, items: readonly BatchItem[]): Promise<RunningServer> {
  prepareDir(dir);
  const g = (dialect === 'apache' ? generateApache : generateNginx)(dir, items);
  const file = configPath(dialect, dir);
  fs.writeFileSync(file, g.text);
  const child =
    dialect === 'apache'
      ? spawn('apache2', ['-f', file, '-DFOREGROUND'], { stdio: ['ignore', 'ignore', 'pipe'] })
      : spawn('nginx', ['-p', dir, '-c', file, '-e', path.join(dir, 'error.log'), '-g', 'daemon off;'], {
          stdio: ['ignore', 'ignore', 'pipe'],
        });
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const c of running) if (c.exitCode === null && c.pid) process.kill(c.pid, 'SIGKILL');
    });
  }
  running.add(child);
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.pid && child.exitCode === null && child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    running.delete(child);
  };
  const deadline = Date.now() + 15_000;
  const probe = [items[0]?.port, items[items.length - 1]?.port].filter((p): p is number => p !== undefined);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${dialect} exited at start: ${stderr}\n${readLog(dir)}`);
    const ok = await Promise.all(probe.map(canConnect));
    if (ok.every(Boolean)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${dialect} did not open its ports: ${stderr}\n${readLog(dir)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { pid: child.pid ?? -1, dir, stop };
}

function readLog(dir: string): string {
  try {
    return fs.readFileSync(path.join(dir, 'error.log'), 'utf8').slice(-4000);
  } catch {
    return '';
  }
}

/** A fresh temporary directory for one server start. */
export function tempDir(dialect: DialectName): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `passreverse-oracle-${dialect}-`));
  // Workers run as nobody when we are root: they must be able to reach the directory.
  fs.chmodSync(dir, 0o755);
  return dir;
}

/** The server's version line (written into the corpus header). */
export function serverVersion(dialect: DialectName): string {
  if (dialect === 'apache') {
    const r = spawnSync('apache2', ['-v'], { encoding: 'utf8' });
    const pkg = spawnSync('dpkg-query', ['-W', '-f', '${Version}', 'apache2-bin'], { encoding: 'utf8' });
    return `${(r.stdout.split('\n')[0] ?? '').replace('Server version: ', '')}${pkg.status === 0 ? ` (deb ${pkg.stdout})` : ''}`;
  }
  const r = spawnSync('nginx', ['-v'], { encoding: 'utf8' });
  const pkg = spawnSync('dpkg-query', ['-W', '-f', '${Version}', 'nginx'], { encoding: 'utf8' });
  return `${(r.stderr || r.stdout).trim().replace('nginx version: ', '')}${pkg.status === 0 ? ` (deb ${pkg.stdout})` : ''}`;
}
