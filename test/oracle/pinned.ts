// Counterexamples found by the live run, pasted here as rows (the live run prints them in this
// shape, placeholders in). They are replayed by replay.test.ts with the recorded corpus.

import type { CorpusEntry } from './case.js';

export const PINNED: CorpusEntry[] = [
  // Apache live run, seed 771989478
  {"case":{"dialect":"apache","config":"ProxyPass /c/ http://127.0.0.1:{{BACKEND_PORT}}/app/ nocanon","request":{"method":"GET","target":"/c/","headers":[["Host","rev.test:{{PORT}}"]]},"response":{"status":301,"lines":[["Content-Type","text/html"],["Content-Type","text/html"]]}},"recording":{"client":{"status":301,"headers":[["Date","{{SERVER_DATE}}"],["Server","Apache/2.4.71 (Debian)"],["Content-Type","text/html"],["Transfer-Encoding","chunked"]]},"backend":{"method":"GET","target":"/app/","version":"HTTP/1.1","headers":[["Host","127.0.0.1:{{BACKEND_PORT}}"],["X-Forwarded-For","127.0.0.1"],["X-Forwarded-Host","rev.test:{{PORT}}"],["X-Forwarded-Server","localhost"],["Connection","Keep-Alive"]]}}},
  // Apache live run, seed 771989478
  {"case":{"dialect":"apache","config":"ProxyPass /api/v1/ http://127.0.0.1:{{BACKEND_PORT}}/app/ mapping=encoded","request":{"method":"GET","target":"/api/v1/%zz/foo/","headers":[["Host","rev.test:80"]]},"response":{"status":301,"lines":[]}},"recording":{"client":{"status":400,"headers":[["Date","{{SERVER_DATE}}"],["Server","Apache/2.4.71 (Debian)"],["Content-Length","266"],["Connection","close"],["Content-Type","text/html; charset=iso-8859-1"]]},"backend":null}},
  // Apache live run, seed 771989478
  {"case":{"dialect":"apache","config":"ProxyPass / http://127.0.0.1:{{BACKEND_PORT}} nocanon noquery","request":{"method":"GET","target":"/b?q=1","headers":[["Host","rev.test:{{PORT}}"]]},"response":{"status":302,"lines":[]}},"recording":{"client":{"status":400,"headers":[["Date","{{SERVER_DATE}}"],["Server","Apache/2.4.71 (Debian)"],["Content-Length","395"],["Connection","close"],["Content-Type","text/html; charset=iso-8859-1"]]},"backend":null}},
];
