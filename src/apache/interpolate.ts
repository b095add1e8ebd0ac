/**
 * `ap_proxy_interpolate`: replaces each `${NAME}` with the request environment's value (empty when
 * unset). Substituted text is never scanned again; an unclosed `${` leaves the rest as it is.
 * Returns the same string when it holds no `${`.
 *
 * @example
 * interpolate('http://back.test/${BACK}/', { BACK: 'iback' }) // 'http://back.test/iback/'
 */
export function interpolate(s: string, env: Readonly<Record<string, string>>): string {
  let start = s.indexOf('${');
  if (start < 0) return s;
  let out = '';
  let pos = 0;
  while (start >= 0) {
    const end = s.indexOf('}', start + 2);
    if (end < 0) break;
    const name = s.slice(start + 2, end);
    out += s.slice(pos, start) + (Object.hasOwn(env, name) ? env[name] : '');
    pos = end + 1;
    start = s.indexOf('${', pos);
  }
  return out + s.slice(pos);
}
