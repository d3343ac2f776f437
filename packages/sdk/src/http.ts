import { OtsError } from '@ots/protocol';

/**
 * One HTTP exchange with the gateway, turning every way it can go wrong into an `OtsError`:
 * the server's `{code, message[, data]}` with its HTTP status, or one of the SDK's own codes
 * (`sdk-timeout`, `sdk-aborted`, `sdk-network-error`, `sdk-not-json`, status 0).
 * This replaces the original SDK's `(res, err)` pairs and its TIMEOUT / HTTP_ERROR / RESPONSE_4XX /
 * RESPONSE_5XX / NOT_JSON codes.
 */

export interface CallOptions {
  /** Aborts the request; the call rejects with `sdk-aborted`. */
  signal?: AbortSignal;
  /** Per-call timeout in ms; default the client's (15000). The call rejects with `sdk-timeout`. */
  timeout?: number;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** Sent byte for byte (the signature covers exactly this string). */
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export async function httpCall(
  request: HttpRequest,
  fetchImpl: FetchLike = globalThis.fetch,
): Promise<unknown> {
  const what = `${request.method} ${request.url}`;
  if (request.signal?.aborted) throw aborted(what, request.signal);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs);
  const onAbort = () => controller.abort();
  request.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: controller.signal,
      });
      // The timeout covers the whole exchange, body included, as the original's did.
      text = await response.text();
    } catch (error) {
      if (timedOut) {
        throw new OtsError('sdk-timeout', `${what} got no answer within ${request.timeoutMs} ms`, {
          status: 0,
        });
      }
      if (request.signal?.aborted) throw aborted(what, request.signal);
      throw new OtsError('sdk-network-error', `${what} failed: ${describe(error)}`, { status: 0 });
    }
    return parseBody(what, response.status, text);
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
  }
}

function parseBody(what: string, status: number, text: string): unknown {
  const ok = status >= 200 && status < 300;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // An empty 2xx body, or a proxy's HTML error page: keep the status, show the text.
    const shown = text === '' ? 'an empty body' : `a body that is not JSON: ${clip(text)}`;
    throw new OtsError('sdk-not-json', `${what} answered HTTP ${status} with ${shown}`, { status });
  }
  if (ok) return body;
  if (body && typeof body === 'object' && typeof (body as { code?: unknown }).code === 'string') {
    throw OtsError.fromBody(body, status);
  }
  throw new OtsError('unexpected-error', `${what} answered HTTP ${status} with ${clip(text)}`, { status });
}

function aborted(what: string, signal: AbortSignal): OtsError {
  const reason = signal.reason instanceof Error ? `: ${signal.reason.message}` : '';
  return new OtsError('sdk-aborted', `${what} was aborted by the caller${reason}`, { status: 0 });
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // undici hides the socket error (ECONNREFUSED, ...) in `cause`.
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}
