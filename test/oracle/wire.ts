// The wire side of the harness: a node:net backend per case and a raw node:net client, so that
// nothing between the server and the recording merges, re-cases or reorders a header line.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import type { HeaderList } from '../../src/core/types.js';

let tlsPair: { key: Buffer; cert: Buffer } | null | undefined;
/**
 * A throw-away self-signed key and certificate (made once per process with the openssl CLI), so
 * that the backend can also answer `proxy_pass https://...` (nginx does not verify upstream
 * certificates by default). `null` when openssl is missing: TLS connections are then dropped.
 */
function backendTls(): { key: Buffer; cert: Buffer } | null {
  if (tlsPair !== undefined) return tlsPair;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passreverse-oracle-tls-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-days', '2', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  tlsPair = r.status === 0 ? { key: fs.readFileSync(key), cert: fs.readFileSync(cert) } : null;
  fs.rmSync(dir, { recursive: true, force: true });
  return tlsPair;
}

/**
 * Split one header line at its first `:`. The name is kept as sent; the value is everything after
 * the colon minus the one SP both servers write there, so leading or trailing blanks they pass
 * through stay visible.
 */
export function splitLine(line: string): [string, string] {
  const colon = line.indexOf(':');
  if (colon < 0) return [line, ''];
  const rest = line.slice(colon + 1);
  return [line.slice(0, colon), rest.startsWith(' ') ? rest.slice(1) : rest];
}

export interface ReceivedRequest {
  method: string;
  target: string;
  version: string;
  headers: HeaderList;
}

const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found',
  303: 'See Other', 307: 'Temporary Redirect', 308: 'Permanent Redirect', 404: 'Not Found',
  500: 'Internal Server Error',
};

/** One listening backend: answers every request with `head` and records what it got. */
export interface Backend {
  port: number;
  received: ReceivedRequest[];
  /** Set the answer (the port must be known before the case's lines can be filled). */
  respond(status: number, lines: string[]): void;
  close(): Promise<void>;
}

/**
 * Start a backend on 127.0.0.1 (an OS-chosen port) that answers each request with exactly the
 * status and lines given to `respond` (CRLF after each), then closes the connection: the body is empty and
 * ends with the close, so the backend never needs a Content-Length or Transfer-Encoding line.
 */
export function startBackend(): Promise<Backend> {
  let head = 'HTTP/1.1 500 Unset\r\n\r\n';
  const received: ReceivedRequest[] = [];
  const sockets = new Set<net.Socket>();
  // One handler for plain and TLS connections: a first byte 0x16 (a TLS handshake record) wraps
  // the socket in a TLS server socket (proxy_pass https://...), anything else is plain HTTP.
  const serve = (socket: net.Socket) => {
    socket.on('error', () => {});
    let buf = Buffer.alloc(0);
    let done = false;
    socket.on('data', (chunk: Buffer) => {
      if (done) return;
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      done = true;
      const text = buf.subarray(0, end).toString('utf8');
      const [requestLine, ...headerLines] = text.split('\r\n');
      const parts = requestLine.split(' ');
      received.push({
        method: parts[0] ?? '',
        target: parts.slice(1, -1).join(' '),
        version: parts[parts.length - 1] ?? '',
        headers: headerLines.map(splitLine),
      });
      socket.end(Buffer.from(head, 'utf8'));
    });
  };
  const server = net.createServer({ pauseOnConnect: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.once('readable', () => {
      const first: Buffer | null = socket.read(1);
      if (first === null) return void socket.resume();
      socket.unshift(first);
      if (first[0] !== 0x16) return serve(socket);
      const pair = backendTls();
      if (!pair) return void socket.destroy();
      serve(new tls.TLSSocket(socket, { isServer: true, key: pair.key, cert: pair.cert }));
    });
    socket.resume();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        port,
        received,
        respond(status, lines) {
          head = `HTTP/1.1 ${status} ${REASONS[status] ?? 'Status'}\r\n${lines.map((l) => `${l}\r\n`).join('')}\r\n`;
        },
        close: () =>
          new Promise<void>((res) => {
            for (const s of sockets) s.destroy();
            server.close(() => res());
          }),
      });
    });
  });
}

const BARE_CONTINUE = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n');

export interface ClientResult {
  status: number;
  headers: HeaderList;
}

/**
 * Send one request to 127.0.0.1:`port` byte for byte and return the status and every header line
 * of the response, in order. The socket is closed as soon as the header block is complete (the
 * body is never compared). With `skipBareContinue`, a leading bare `HTTP/1.1 100 Continue` block
 * (no header lines: the server's own interim answer) is skipped. `null` if the server closed without a status line or timed out.
 */
export function sendRequest(
  port: number,
  method: string,
  target: string,
  headers: readonly (readonly [string, string])[],
  httpVersion: '1.0' | '1.1',
  timeoutMs = 10_000,
  skipBareContinue = false,
): Promise<ClientResult | null> {
  const text = `${method} ${target} HTTP/${httpVersion}\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let buf = Buffer.alloc(0);
    let settled = false;
    const finish = (r: ClientResult | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const parse = (): ClientResult | null => {
      const end = buf.indexOf('\r\n\r\n');
      const block = (end < 0 ? buf : buf.subarray(0, end)).toString('utf8');
      const [statusLine, ...lines] = block.split('\r\n');
      const m = /^HTTP\/\d\.\d (\d{3})/.exec(statusLine ?? '');
      if (!m) return null;
      return { status: Number(m[1]), headers: lines.filter((l) => l !== '').map(splitLine) };
    };
    const timer = setTimeout(() => finish(parse()), timeoutMs);
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      // nginx's own interim answer to `Expect: 100-continue` (sent before it reads the body, never
      // with header lines) is not the response: skip it and wait for the final one
      if (skipBareContinue && buf.subarray(0, BARE_CONTINUE.length).equals(BARE_CONTINUE)) buf = buf.subarray(BARE_CONTINUE.length);
      if (buf.indexOf('\r\n\r\n') >= 0) finish(parse());
    });
    socket.on('end', () => finish(parse()));
    socket.on('error', () => finish(parse()));
    socket.on('connect', () => socket.write(Buffer.from(text, 'utf8')));
  });
}

/** Whether something accepts connections on 127.0.0.1:`port`. */
export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.on('connect', () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

/** Whether 127.0.0.1:`port` is free to bind. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** `n` free ports from a random start in 20000..31999 (below Linux's ephemeral range). */
export async function freePorts(n: number): Promise<number[]> {
  const out: number[] = [];
  let p = 20000 + Math.floor(Math.random() * 10000);
  while (out.length < n) {
    if (p > 31999) p = 20000;
    if (await portIsFree(p)) out.push(p);
    p++;
  }
  return out;
}
