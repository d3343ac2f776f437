import { OtsError } from '@ots/protocol';

/** The gateway a client talks to when none is named: `ots serve`'s default bind address. */
export const DEFAULT_URL = 'http://127.0.0.1:8700';

export interface GatewayUrls {
  /** `http(s)://host:port/api/v1`, for REST. */
  rest: string;
  /** `ws(s)://host:port/api/v1`, for websockets. */
  ws: string;
}

/**
 * Reads a gateway origin (`http://127.0.0.1:8700`; `ws://` and `wss://` are accepted too) into the REST
 * and websocket bases. The `/api/v1` paths are the SDK's business, not the user's.
 */
export function gatewayUrls(url: string = DEFAULT_URL): GatewayUrls {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OtsError(
      'invalid-param',
      `url ${JSON.stringify(url)} is not a URL: expected an origin such as ${DEFAULT_URL}`,
    );
  }
  const secure = parsed.protocol === 'https:' || parsed.protocol === 'wss:';
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(parsed.protocol)) {
    throw new OtsError(
      'invalid-param',
      `url ${JSON.stringify(url)} has protocol ${parsed.protocol}: expected http: or https:`,
    );
  }
  // A path prefix is kept (a gateway behind a reverse proxy under /ots); a trailing slash is not.
  const path = parsed.pathname.replace(/\/+$/, '');
  return {
    rest: `${secure ? 'https' : 'http'}://${parsed.host}${path}/api/v1`,
    ws: `${secure ? 'wss' : 'ws'}://${parsed.host}${path}/api/v1`,
  };
}
