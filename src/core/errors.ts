/**
 * A configuration the server itself would refuse (`apachectl -t`, `nginx -t`).
 *
 * @example
 * try { compileApache('ProxyPass /a/ http://b/ mapping=odd') } catch (e) {
 *   if (e instanceof ConfigError) console.log(e.line, e.directive, e.reason)
 * }
 */
export class ConfigError extends TypeError {
  override readonly name = 'ConfigError';
  /** 1-based line of the offending directive in the configuration text. */
  readonly line: number;
  /** The directive as written (`ProxyPass`, `proxy_redirect`, ...). */
  readonly directive: string;
  /** The server's own reason, in its words where it has some. */
  readonly reason: string;

  constructor(line: number, directive: string, reason: string) {
    super(`line ${line}: ${directive}: ${reason}`);
    this.line = line;
    this.directive = directive;
    this.reason = reason;
  }
}
