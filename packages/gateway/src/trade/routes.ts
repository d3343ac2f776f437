/**
 * The private REST API under `/api/v1/trade/{exchange}/{account}` (reference §4.4).
 *
 * Runs in its own fastify scope with a JSON parser that keeps the raw body (the signature covers it
 * byte for byte) and parses it once; an empty body is fine on GET and DELETE. Authentication runs in
 * `preValidation`, so an unsigned request is answered 401 before its body is judged.
 */

import type {} from '@fastify/swagger';
import { OtsError, signedPath } from '@ots/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Authenticator, authHeadersOf } from '../auth/authenticate.js';
import { toOtsError } from '../http/errors.js';
import type { Query } from './order-request.js';
import {
  accountParams,
  amendBody,
  contractQuery,
  errorSchema,
  fillSchema,
  idsQuery,
  infoSchema,
  orderRefSchema,
  orderSchema,
  ordersQuery,
  placeBody,
  statusSchema,
  transQuery,
} from './schemas.js';
import type { TradeService } from './trade-service.js';

export const TRADE_PREFIX = '/api/v1/trade';
export const DEFAULT_BODY_LIMIT = 64 * 1024;

export interface TradeRoutesOptions {
  service: TradeService;
  auth: Authenticator;
  /** Largest accepted body in bytes (413 `payload-too-large` above it). */
  bodyLimit?: number;
  /** Hears every answer: the route (`POST /orders`) and `ok` or the error code (for metrics). */
  onAnswered?: (route: string, code: string) => void;
}

type Params = { exchange: string; account: string };
type Route = { Params: Params; Querystring: Query };
type Req = FastifyRequest<Route>;

const RAW_BODY = Symbol('otsRawBody');
const ERROR_CODE = Symbol('otsErrorCode');
type WithRaw = FastifyRequest & { [RAW_BODY]?: string; [ERROR_CODE]?: string };

type AnswerDone = (err: Error | null, payload?: unknown) => void;

const errors = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
  429: errorSchema,
};

export async function tradeRoutes(app: FastifyInstance, options: TradeRoutesOptions): Promise<void> {
  const { service, auth } = options;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;

  // Declared on this scope's requests, so that every request has them from its start (one object
  // shape for all, instead of a property added to some requests mid-way).
  app.decorateRequest(RAW_BODY, undefined);
  app.decorateRequest(ERROR_CODE, undefined);

  app.removeAllContentTypeParsers();
  // Every content type is read as text and parsed as JSON: the original clients all send JSON, and
  // the signature needs the text exactly as it came.
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (request, body, done) => {
    const text = body as string;
    (request as WithRaw)[RAW_BODY] = text;
    if (text === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(
        new OtsError('invalid-param', `request body is not valid JSON: ${(err as Error).message}`),
        undefined,
      );
    }
  });

  app.setErrorHandler((err, request, reply) => {
    const ots = toOtsError(err);
    (request as WithRaw)[ERROR_CODE] = ots.code;
    if (ots.status >= 500) request.log.error({ err }, 'trade request failed');
    const retry = (ots.data as { retry_after?: number } | undefined)?.retry_after;
    if (ots.code === 'exg-rate-limit-exceeded' && retry !== undefined)
      reply.header('retry-after', String(retry));
    return reply.status(ots.status).send(ots.toJSON());
  });

  // One hook for everything an answer needs on its way out (each hook costs a step per request),
  // given to each route with its label (`POST /orders`) already made, so nothing about the route is
  // looked up per request. No reply leaves before the nonce that authorised it is on disk (a trade's
  // commit has written it already; reads and refusals write it here, one transaction for all
  // pending, or wait for the commit thread's batch that holds it); and the answer is counted for the
  // metrics.
  const onAnswered = options.onAnswered;
  const answered = (method: string, path: string) => {
    const label = `${method} ${path}`;
    const count = (request: FastifyRequest) => {
      // A GET route also answers HEAD (fastify gives it the same hooks): counted as HEAD.
      if (onAnswered)
        onAnswered(
          request.method === method ? label : `${request.method} ${path}`,
          (request as WithRaw)[ERROR_CODE] ?? 'ok',
        );
    };
    return (request: FastifyRequest, _reply: unknown, payload: unknown, done: AnswerDone) => {
      const persisted = auth.flushNonces();
      if (persisted === undefined) {
        count(request);
        done(null, payload);
        return;
      }
      persisted.then(
        () => {
          count(request);
          done(null, payload);
        },
        (err: Error) => done(err),
      );
    };
  };

  app.addHook('preValidation', (request, _reply, done) => {
    const { exchange, account } = request.params as Params;
    try {
      auth.authenticate({
        headers: authHeadersOf(request.headers),
        verb: request.method,
        path: signedPath(request.url),
        body: (request as WithRaw)[RAW_BODY] ?? '',
        account: `${exchange}/${account}`,
        writes: request.method !== 'GET',
      });
    } catch (err) {
      done(err as Error);
      return;
    }
    done();
  });

  const accountOf = (request: Req) => `${request.params.exchange}/${request.params.account}`;
  const base = '/:exchange/:account';
  const tags = ['trade (signed)'];
  const security = [{ apiKey: [], apiNonce: [], apiSignature: [] }];

  app.get<Route>(
    `${base}/info`,
    {
      onSend: answered('GET', '/info'),
      schema: {
        tags,
        security,
        summary: 'Account info',
        params: accountParams,
        response: { 200: infoSchema, ...errors },
      },
    },
    (request: Req) => service.info(accountOf(request)),
  );

  app.get<Route>(
    `${base}/orders`,
    {
      onSend: answered('GET', '/orders'),
      schema: {
        tags,
        security,
        summary: 'Orders: open ones by default; by state, contract, client_oid or exchange_oid',
        params: accountParams,
        querystring: ordersQuery,
        response: { 200: { type: 'array', items: orderSchema }, ...errors },
      },
    },
    (request: Req) => service.orders(accountOf(request), request.query),
  );

  app.post<Route>(
    `${base}/orders`,
    {
      onSend: answered('POST', '/orders'),
      schema: {
        tags,
        security,
        summary: 'Place an order',
        params: accountParams,
        body: placeBody,
        response: { 200: orderRefSchema, ...errors },
      },
    },
    (request: Req) => service.place(accountOf(request), request.body),
  );

  app.patch<Route>(
    `${base}/orders`,
    {
      onSend: answered('PATCH', '/orders'),
      schema: {
        tags,
        security,
        summary: 'Amend an order (keeps its exchange_oid; rewrites entrust_price and entrust_amount)',
        params: accountParams,
        querystring: idsQuery,
        body: amendBody,
        response: { 200: orderRefSchema, ...errors },
      },
    },
    (request: Req) => service.amend(accountOf(request), request.query, request.body),
  );

  app.delete<Route>(
    `${base}/orders`,
    {
      onSend: answered('DELETE', '/orders'),
      schema: {
        tags,
        security,
        summary: 'Cancel by client_oid or exchange_oid (a list for a batch)',
        params: accountParams,
        querystring: idsQuery,
        response: { 200: { oneOf: [orderRefSchema, { type: 'array', items: orderRefSchema }] }, ...errors },
      },
    },
    (request: Req) => service.cancel(accountOf(request), request.query),
  );

  app.delete<Route>(
    `${base}/orders/all`,
    {
      onSend: answered('DELETE', '/orders/all'),
      schema: {
        tags,
        security,
        summary: 'Cancel every open order (of one contract, if given)',
        params: accountParams,
        querystring: contractQuery,
        response: { 200: { type: 'object', properties: { status: { type: 'string' } } }, ...errors },
      },
    },
    (request: Req) => service.cancelAll(accountOf(request), request.query),
  );

  app.get<Route>(
    `${base}/trans`,
    {
      onSend: answered('GET', '/trans'),
      schema: {
        tags,
        security,
        summary: 'Fills, newest first',
        params: accountParams,
        querystring: transQuery,
        response: { 200: { type: 'array', items: fillSchema }, ...errors },
      },
    },
    (request: Req) => service.trans(accountOf(request), request.query),
  );

  app.get<Route>(
    `${base}/status`,
    {
      onSend: answered('GET', '/status'),
      schema: {
        tags,
        security,
        summary: 'Account health',
        params: accountParams,
        response: { 200: statusSchema, ...errors },
      },
    },
    (request: Req) => service.status(accountOf(request)),
  );
}
