// A plain loop over the whole-302 scenario for profilers (no mitata, no timing harness), on the
// same inputs as bench/index.js. Build first (npm run build), then for instance:
//
//   node --cpu-prof bench/profile.js                      V8 sampling profile (.cpuprofile)
//   perf record -k mono node --perf-prof --no-write-protect-code-memory bench/profile.js
//                                                         machine-level samples (perf inject --jit)
//   valgrind --tool=callgrind --dump-instr=yes node --perf-basic-prof bench/profile.js lib 100000
//                                                         instruction counts (map JIT code with /tmp/perf-PID.map)
//
//   node bench/profile.js [lib|floor] [iterations]        default: lib 2000000; prints ns per response
import * as lib from '../dist/index.js';
import { responseFloor } from './floors.js';
import { COOKIE_FLOOR, COOKIE_RULES, LOCATION_MISSES, SET_COOKIES, locationHits, redirectResponse, serviceRequest, serviceTable } from './inputs.js';

const exchange = lib.prepareApache(lib.compileApache(serviceTable(10, COOKIE_RULES)), serviceRequest(3));
const hits = locationHits((i) => (i * 7) % 10);
const responses = [];
for (let i = 0; i < 8; i++) {
  const location = i % 4 === 1 ? LOCATION_MISSES[i] : hits[i].value;
  const cookies = [SET_COOKIES[i], SET_COOKIES[(i + 1) % 8], SET_COOKIES[(i + 2) % 8]];
  responses.push({ headers: redirectResponse(location, cookies), real: hits[i].real, public: hits[i].public });
}

const mode = process.argv[2] ?? 'lib';
const n = Number(process.argv[3] ?? 2e6);
let sink;
const start = process.hrtime.bigint();
if (mode === 'floor') {
  for (let i = 0; i < n; i++) {
    const r = responses[i & 7];
    sink = responseFloor(r.headers, r.real, r.public, COOKIE_FLOOR);
  }
} else {
  for (let i = 0; i < n; i++) sink = exchange.rewriteResponse({ status: 302, headers: responses[i & 7].headers });
}
const ns = Number(process.hrtime.bigint() - start) / n;
console.log(`${mode}: ${ns.toFixed(1)} ns per response (${sink ? 'ok' : ''})`);
