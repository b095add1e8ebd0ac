/**
 * Header lists are ordered `[name, value]` pairs: duplicates kept, order kept, name case kept.
 * Inputs are never mutated; outputs are fresh arrays.
 */
export type HeaderList = [name: string, value: string][];

/** A header list the library reads but never writes. */
export type ReadonlyHeaderList = readonly (readonly [name: string, value: string])[];

/** The dialects `simulate` knows. */
export type DialectName = 'apache' | 'nginx';

/** What the client sent to the proxy. */
export interface ClientRequest {
  /** Request method. (default: `'GET'`) */
  method?: string;
  /** The raw request-target the client sent: path and query, exactly as on the request line. */
  target: string;
  /** The client's request headers, in order. */
  headers?: ReadonlyHeaderList;
  /** Scheme of the client connection. (default: `'http'`) */
  scheme?: 'http' | 'https';
  /** The port the proxy listens on. (default: 80, or 443 for https) */
  port?: number;
  /** The client's address. (default: `'127.0.0.1'`) */
  remoteAddress?: string;
  /** HTTP version of the client's request line. (default: `'1.1'`) */
  httpVersion?: '1.0' | '1.1';
}

/** What the backend answered. */
export interface BackendResponse {
  status: number;
  headers: ReadonlyHeaderList;
}

/** One exchange for `simulate`: a configuration, a client request and, optionally, the backend's answer. */
export interface Exchange {
  dialect: DialectName;
  /** Directive text as it stands inside `<VirtualHost>` (Apache) or `server { }` (nginx). */
  config: string;
  request: ClientRequest;
  response?: BackendResponse;
  /**
   * Request environment variables visible to the server at translate time (Apache: what `SetEnvIf`
   * or `RewriteRule [E=]` would have set), used by `interpolate` rules.
   */
  env?: Readonly<Record<string, string>>;
}

/** The request the proxy sends to its backend. */
export interface ForwardedRequest {
  /** Absolute backend URL, query included, exactly as sent. */
  url: string;
  method: string;
  /** The request headers the backend receives, in order. */
  headers: HeaderList;
}

/** The response the client receives. */
export interface ClientResponse {
  status: number;
  headers: HeaderList;
}

/** What the server would do with one exchange. */
export interface SimulateResult {
  /** `null` when the server would not proxy the request (no rule, an exclusion, an error). */
  forward: ForwardedRequest | null;
  /** Why `forward` is null. */
  reason?: string;
  /**
   * The backend response after the proxy's processing; or the server's own answer (an error status
   * or a redirect) when it does not proxy; `null` when the request is not proxied and the server
   * would serve it from local content.
   */
  response: ClientResponse | null;
  warnings: string[];
}

/**
 * One dialect behind the shared contract: compile a configuration once, then answer exchanges.
 * `compile` throws `ConfigError` for a configuration the server refuses.
 */
export interface Dialect<Compiled> {
  readonly name: DialectName;
  compile(config: string): Compiled;
  exchange(
    compiled: Compiled,
    request: ClientRequest,
    response?: BackendResponse,
    env?: Readonly<Record<string, string>>,
  ): SimulateResult;
}
