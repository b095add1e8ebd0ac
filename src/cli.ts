// passreverse command line: `passreverse simulate --config FILE ...` prints what the server would
// forward and what the client would receive; `passreverse compile` prints the precompiled table
// an edge function loads. The only module besides the adapters that may use node:.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { apacheDialect } from './apache/index.js';
import { loadApacheTable } from './apache/table.js';
import { ConfigError } from './core/errors.js';
import { serializeTable } from './core/table.js';
import type { BackendResponse, ClientRequest, DialectName, Exchange, HeaderList, SimulateResult } from './core/types.js';
import { nginxDialect } from './nginx/index.js';
import { loadNginxTable } from './nginx/table.js';
import { simulate } from './simulate.js';

const USAGE = `Usage:
  passreverse simulate --config FILE [--dialect apache|nginx] [request and response flags] [--json]
  passreverse simulate --table FILE [request and response flags] [--json]
  passreverse simulate --scenarios FILE [--json]
  passreverse compile --config FILE [--dialect apache|nginx]

compile prints the configuration's rule table as JSON (serializeTable): load it with
loadApacheTable / loadNginxTable, or simulate with it (--table FILE, the dialect is in the table).

Request flags:
  --method M            request method (default GET)
  --target PATH         request-target: path and query (default /)
  --header 'N: V'       a client request header; repeatable (a Host header is recommended)
  --scheme http|https   scheme of the client connection (default http)
  --port N              port the proxy listens on (default 80 / 443)
  --remote-address IP   client address (default 127.0.0.1)
  --env NAME=VALUE      a request environment variable (Apache interpolate); repeatable
Backend response flags:
  --status N            backend status (default 200 when a response header is given)
  --response-header 'N: V'  a backend response header; repeatable

A scenarios file is JSON: [{ "name", "dialect"?, "config" (text) or "configFile" (path relative to
the scenarios file), "exchanges": [{ "request": {...}, "response"?: {...}, "env"?: {...} }] }].
Exit status: 0 on success, 1 when a configuration is refused, 2 on a usage error.`;

function header(s: string): [string, string] {
  const colon = s.indexOf(':');
  if (colon <= 0) throw new UsageError(`a header must look like 'Name: value', got ${JSON.stringify(s)}`);
  return [s.slice(0, colon), s.slice(colon + 1).trim()];
}

class UsageError extends Error {}

function showHeaders(headers: HeaderList, indent: string): string {
  return headers.map(([n, v]) => `${indent}${n}: ${v}`).join('\n');
}

function describe(exchange: Exchange, result: SimulateResult): string {
  const req = exchange.request;
  const lines: string[] = [];
  lines.push(`> ${req.method ?? 'GET'} ${req.target}${req.scheme === 'https' ? '  (https)' : ''}`);
  for (const [n, v] of req.headers ?? []) lines.push(`>   ${n}: ${v}`);
  if (result.forward) {
    lines.push(`forward: ${result.forward.method} ${result.forward.url}`);
    if (result.forward.headers.length) lines.push(showHeaders(result.forward.headers, '    '));
  } else {
    lines.push(`forward: none (${result.reason ?? 'not proxied'})`);
  }
  if (exchange.response) {
    lines.push(`< backend ${exchange.response.status}`);
    for (const [n, v] of exchange.response.headers) lines.push(`<   ${n}: ${v}`);
  }
  if (result.response) {
    lines.push(`client receives: ${result.response.status}`);
    if (result.response.headers.length) lines.push(showHeaders(result.response.headers, '    '));
  }
  for (const w of result.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}

interface Scenario {
  name?: string;
  dialect?: DialectName;
  config?: string;
  configFile?: string;
  exchanges: { request: ClientRequest; response?: BackendResponse; env?: Record<string, string> }[];
}

function dialectOf(name: string): DialectName {
  if (name !== 'apache' && name !== 'nginx') throw new UsageError('--dialect must be apache or nginx');
  return name;
}

/** `passreverse compile`: the table as JSON on stdout. */
function compile(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: 'string' },
      dialect: { type: 'string', default: 'apache' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!values.config) throw new UsageError('compile needs --config FILE');
  const dialect = dialectOf(values.dialect);
  const text = readFileSync(values.config, 'utf8');
  const table = dialect === 'apache' ? apacheDialect.compile(text) : nginxDialect.compile(text);
  process.stdout.write(`${serializeTable(table)}\n`);
  return 0;
}

/** A table file (from `passreverse compile`) as the exchange function of its dialect. */
function tableExchange(file: string): { dialect: DialectName; run: (e: Exchange) => SimulateResult } {
  const json = readFileSync(file, 'utf8');
  let dialect: unknown;
  try {
    dialect = (JSON.parse(json) as { dialect?: unknown }).dialect;
  } catch {
    // not JSON: the loader says so
  }
  if (dialect === 'nginx') {
    const table = loadNginxTable(json);
    return { dialect, run: (e) => nginxDialect.exchange(table, e.request, e.response, e.env) };
  }
  const table = loadApacheTable(json);
  return { dialect: 'apache', run: (e) => apacheDialect.exchange(table, e.request, e.response, e.env) };
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (command === 'compile') return compile(rest);
  if (command !== 'simulate') {
    process.stderr.write(`${USAGE}\n`);
    return command === '--help' || command === '-h' ? 0 : 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      config: { type: 'string' },
      table: { type: 'string' },
      scenarios: { type: 'string' },
      dialect: { type: 'string', default: 'apache' },
      method: { type: 'string', default: 'GET' },
      target: { type: 'string', default: '/' },
      header: { type: 'string', multiple: true, default: [] },
      scheme: { type: 'string', default: 'http' },
      port: { type: 'string' },
      'remote-address': { type: 'string' },
      env: { type: 'string', multiple: true, default: [] },
      status: { type: 'string' },
      'response-header': { type: 'string', multiple: true, default: [] },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const jobs: { name: string; exchange: Exchange; run?: (e: Exchange) => SimulateResult }[] = [];
  if (values.scenarios) {
    const file = resolve(values.scenarios);
    const scenarios = JSON.parse(readFileSync(file, 'utf8')) as Scenario[];
    for (const s of scenarios) {
      const config = s.config ?? readFileSync(resolve(dirname(file), s.configFile ?? ''), 'utf8');
      for (const e of s.exchanges) {
        jobs.push({ name: s.name ?? s.configFile ?? '', exchange: { dialect: s.dialect ?? 'apache', config, ...e } });
      }
    }
  } else if (values.config || values.table) {
    if (values.config && values.table) throw new UsageError('simulate takes --config FILE or --table FILE, not both');
    const fromTable = values.table ? tableExchange(values.table) : null;
    const dialect = fromTable ? fromTable.dialect : dialectOf(values.dialect);
    if (values.scheme !== 'http' && values.scheme !== 'https') throw new UsageError('--scheme must be http or https');
    const env: Record<string, string> = {};
    for (const e of values.env) {
      const eq = e.indexOf('=');
      if (eq <= 0) throw new UsageError(`--env must look like NAME=VALUE, got ${JSON.stringify(e)}`);
      env[e.slice(0, eq)] = e.slice(eq + 1);
    }
    const responseHeaders = values['response-header'].map(header);
    const request: ClientRequest = {
      method: values.method,
      target: values.target,
      headers: values.header.map(header),
      scheme: values.scheme,
      ...(values.port ? { port: Number(values.port) } : {}),
      ...(values['remote-address'] ? { remoteAddress: values['remote-address'] } : {}),
    };
    const response =
      values.status || responseHeaders.length ? { status: Number(values.status ?? 200), headers: responseHeaders } : undefined;
    jobs.push({
      name: (values.config ?? values.table) as string,
      exchange: { dialect, config: values.config ? readFileSync(values.config, 'utf8') : '', request, ...(response ? { response } : {}), env },
      ...(fromTable ? { run: fromTable.run } : {}),
    });
  } else {
    throw new UsageError('simulate needs --config FILE, --table FILE or --scenarios FILE');
  }

  const results: unknown[] = [];
  let lastName: string | null = null;
  for (const { name, exchange, run } of jobs) {
    const result = run ? run(exchange) : simulate(exchange);
    if (values.json) {
      results.push({ name, request: exchange.request, response: exchange.response, result });
      continue;
    }
    if (name !== lastName) {
      process.stdout.write(`${lastName === null ? '' : '\n'}=== ${name} (${exchange.dialect})\n`);
      lastName = name;
    }
    process.stdout.write(`\n${describe(exchange, result)}\n`);
  }
  if (values.json) process.stdout.write(`${JSON.stringify(results.length === 1 ? results[0] : results, null, 2)}\n`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (e instanceof ConfigError) {
    process.stderr.write(`configuration refused: ${e.message}\n`);
    process.exitCode = 1;
  } else if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
    process.exitCode = 2;
  } else {
    throw e;
  }
}
