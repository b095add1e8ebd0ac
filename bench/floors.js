// The floors: what a hand-written rewrite of the same inputs costs, with none of the generality.
// Each floor is told which prefix applies (it does no rule search) and handles only the attribute
// spellings the inputs use, so it is the least work that produces the same output.

/** Case-insensitive Location floor: compare the known backend prefix, splice in the public one. */
export function locationFloorIgnoreCase(value, real, pub) {
  return value.length >= real.length && value.slice(0, real.length).toLowerCase() === real
    ? pub + value.slice(real.length)
    : value;
}

/** Pass-through floor: the cheapest prefix test (case-sensitive `startsWith`), value unchanged. */
export function locationFloorPassThrough(value, real, pub) {
  return value.startsWith(real) ? pub + value.slice(real.length) : value;
}

/** Set-Cookie floor: find `; Path=` and `; Domain=` by index, splice the new values in. */
export function setCookieFloor(value, rules) {
  let out = value;
  const p = out.indexOf('; Path=');
  if (p >= 0) {
    const s = p + 7;
    let e = out.indexOf(';', s);
    if (e < 0) e = out.length;
    if (out.startsWith(rules.path, s)) out = out.slice(0, s) + rules.pathTo + out.slice(e);
  }
  const d = out.indexOf('; Domain=');
  if (d >= 0) {
    const s = d + 9;
    let e = out.indexOf(';', s);
    if (e < 0) e = out.length;
    if (out.startsWith(rules.domain, s)) out = out.slice(0, s) + rules.domainTo + out.slice(e);
  }
  return out;
}

// What Apache must do on any response, whatever the floor is told: check_headers looks at every
// byte of every value the client gets (a control byte other than HTAB gives 500), and date_canon
// must see that a Date is already in the form apr_rfc822_date writes (else it is rewritten). These
// two reference points measure that mandated work on its own, with the least code that does it.
const NO_CONTROL = /^[^\x00-\x08\x0a-\x1f\x7f]*$/;
const DATE_FORM = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-3]\d (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} [0-2]\d:[0-5]\d:[0-5]\d GMT$/;

/**
 * The whole-response floor, with the check_headers byte scan over the backend values it sends (the
 * text the floors splice in is clean, so the rewritten values need no scan of their own; scanning
 * them would first flatten each concatenation): 500 on a control byte.
 */
export function responseFloorScanned(headers, real, pub, rules) {
  for (let i = 0; i < headers.length; i++) {
    const name = headers[i][0];
    if (name !== 'Connection' && name !== 'Keep-Alive' && !NO_CONTROL.test(headers[i][1])) return 500;
  }
  return responseFloor(headers, real, pub, rules);
}

/**
 * The same with the form test of the Date line (a date not in that form would be rewritten); a
 * date in that form is clean, so its bytes need no scan of their own.
 */
export function responseFloorScannedDated(headers, real, pub, rules) {
  for (let i = 0; i < headers.length; i++) {
    const name = headers[i][0];
    if (name === 'Date') {
      if (!DATE_FORM.test(headers[i][1])) return 500;
    } else if (name !== 'Connection' && name !== 'Keep-Alive' && !NO_CONTROL.test(headers[i][1])) return 500;
  }
  return responseFloor(headers, real, pub, rules);
}

/**
 * Whole-response floor: one pass over the pairs, Location and Set-Cookie through the floors above,
 * Date and Server first, Connection dropped, Set-Cookie lines last (the order Apache sends).
 */
export function responseFloor(headers, real, pub, rules) {
  const out = [];
  let date = null;
  let server = null;
  let cookies = null;
  for (let i = 0; i < headers.length; i++) {
    const name = headers[i][0];
    const value = headers[i][1];
    switch (name.toLowerCase()) {
      case 'location':
        out.push([name, locationFloorIgnoreCase(value, real, pub)]);
        break;
      case 'set-cookie':
        (cookies ??= []).push([name, setCookieFloor(value, rules)]);
        break;
      case 'date':
        date = value;
        break;
      case 'server':
        server = value;
        break;
      case 'connection':
      case 'keep-alive':
        break;
      default:
        out.push([name, value]);
    }
  }
  if (server !== null) out.unshift(['Server', server]);
  if (date !== null) out.unshift(['Date', date]);
  if (cookies !== null) for (const c of cookies) out.push(c);
  return out;
}

// nginx floors. nginx compares a proxy_redirect prefix case-sensitively (ngx_strncmp), so the
// Location floors are the case-sensitive `locationFloorPassThrough` above.

/**
 * nginx Set-Cookie floor: `; Path=` whose value starts with the path rule's prefix gets that prefix
 * replaced (proxy_cookie_path replaces the prefix only), `; Domain=` whose whole value is the domain
 * rule's gets it replaced (proxy_cookie_domain compares the whole value). On values already written
 * with "; " between attributes, nginx's re-serialisation is this splice.
 */
export function nginxSetCookieFloor(value, rules) {
  let out = value;
  const p = out.indexOf('; Path=');
  if (p >= 0 && out.startsWith(rules.path, p + 7)) out = out.slice(0, p + 7) + rules.pathTo + out.slice(p + 7 + rules.path.length);
  const d = out.indexOf('; Domain=');
  if (d >= 0) {
    const s = d + 9;
    let e = out.indexOf(';', s);
    if (e < 0) e = out.length;
    if (e - s === rules.domain.length && out.startsWith(rules.domain, s)) out = out.slice(0, s) + rules.domainTo + out.slice(e);
  }
  return out;
}

/**
 * nginx whole-response floor: one pass over the pairs; Date and Server dropped (hidden by default:
 * nginx writes its own), Connection and Keep-Alive dropped (nginx writes its own framing),
 * Content-Type and Content-Length first (the header filter writes them first), Location and
 * Set-Cookie through the floors above, the rest in order.
 */
export function nginxResponseFloor(headers, real, pub, rules) {
  const out = [];
  let type = null;
  let length = null;
  for (let i = 0; i < headers.length; i++) {
    const name = headers[i][0];
    const value = headers[i][1];
    switch (name.toLowerCase()) {
      case 'location':
        out.push([name, locationFloorPassThrough(value, real, pub)]);
        break;
      case 'set-cookie':
        out.push([name, nginxSetCookieFloor(value, rules)]);
        break;
      case 'content-type':
        type = value;
        break;
      case 'content-length':
        length = value;
        break;
      case 'date':
      case 'server':
      case 'connection':
      case 'keep-alive':
        break;
      default:
        out.push([name, value]);
    }
  }
  if (length !== null) out.unshift(['Content-Length', length]);
  if (type !== null) out.unshift(['Content-Type', type]);
  return out;
}
