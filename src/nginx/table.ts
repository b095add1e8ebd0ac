// Loads an nginx configuration serialized by `serializeTable` (core/table.ts), without the compiler.
import { freezeTable, readTable } from '../core/table.js';
import type { NginxConfig } from './types.js';

/**
 * Rebuilds a frozen nginx configuration from the JSON `serializeTable` wrote (or the object a
 * bundler's JSON import gives, of the `SerializedTable` shape); regexes are built once, here.
 * Throws `ConfigError` for another dialect, another format version, or text that is no table.
 *
 * @example
 * // at build time: writeFileSync('table.json', serializeTable(compileNginx(text)))
 * const config = loadNginxTable(TABLE_JSON)
 * nginxForward(config, { target: '/app/x', headers: [['Host', 'example.com']] }).forward?.url
 */
export function loadNginxTable(input: string | object): NginxConfig {
  return freezeTable(readTable(input, 'nginx') as NginxConfig);
}
