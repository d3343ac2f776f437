/**
 * The admin API, `/api/v1/admin/...`: keys and accounts for `ots keys` and `ots accounts`.
 * It answers only to loopback peers that present the data directory's admin token
 * (`Authorization: Bearer <token>`); everyone else gets 403 or 401 before anything is read.
 */

import { timingSafeEqual } from 'node:crypto';
import type {} from '@fastify/swagger';
import { OtsError } from '@ots/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { toOtsError } from '../http/errors.js';
import type { ExchangeKey } from '../venues/live/credential-store.js';
import type { Admin, Amounts } from './admin.js';

export const ADMIN_PREFIX = '/api/v1/admin';

export interface AdminRoutesOptions {
  admin: Admin;
  token: string;
}

/** True for 127.0.0.0/8 and ::1, including IPv4-mapped IPv6 forms. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

function checkToken(request: FastifyRequest, token: string): void {
  if (!isLoopback(request.socket.remoteAddress)) {
    throw new OtsError('no-permission', 'the admin API answers only on loopback (127.0.0.1 or ::1)');
  }
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match) {
    throw new OtsError(
      'no-valid-authentication',
      'missing Authorization: Bearer <token from the data directory admin.token>',
    );
  }
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new OtsError(
      'no-permission',
      'wrong admin token: read it from admin.token in the gateway data directory',
    );
  }
}

type AccountParams = { exchange: string; name: string };

const accountsBody = {
  type: 'object',
  required: ['account'],
  properties: {
    account: { type: 'string', examples: ['sim/alice'] },
    deposit: {
      type: 'object',
      additionalProperties: { type: 'number' },
      examples: [{ usdt: 100000, btc: 2 }],
    },
    /** A live account's exchange key (stored encrypted, never answered back). */
    exchange_key: {
      type: 'object',
      required: ['api_key', 'secret'],
      additionalProperties: false,
      properties: {
        api_key: { type: 'string', minLength: 1 },
        secret: { type: 'string', minLength: 1 },
        passphrase: { type: 'string' },
      },
    },
  },
} as const;

const keyBody = {
  type: 'object',
  required: ['accounts'],
  properties: {
    accounts: { type: 'array', items: { type: 'string' }, minItems: 1 },
    read_only: { type: 'boolean' },
    rate_limit: {
      type: 'object',
      required: ['ratePerSecond', 'burst'],
      properties: { ratePerSecond: { type: 'number' }, burst: { type: 'number' } },
    },
  },
} as const;

export async function adminRoutes(app: FastifyInstance, options: AdminRoutesOptions): Promise<void> {
  const { admin, token } = options;
  const tags = ['admin (loopback, admin token)'];
  const security = [{ adminToken: [] }];

  app.setErrorHandler((err, _request, reply) => {
    const ots = toOtsError(err);
    return reply.status(ots.status).send(ots.toJSON());
  });
  app.addHook('onRequest', async (request) => checkToken(request, token));

  const accountOf = (p: AccountParams) => `${p.exchange}/${p.name}`;
  const accountPath = '/accounts/:exchange/:name';

  app.get(
    '/accounts',
    { schema: { tags, security, summary: 'Accounts with balances, limits and halt flag' } },
    () => admin.listAccounts(),
  );
  app.post(
    '/accounts',
    {
      schema: {
        tags,
        security,
        summary: 'Create an account (idempotent), with an optional deposit',
        body: accountsBody,
      },
    },
    (request: FastifyRequest<{ Body: { account: string; deposit?: Amounts; exchange_key?: ExchangeKey } }>) =>
      admin.createAccount(request.body.account, request.body.deposit ?? {}, request.body.exchange_key),
  );
  app.get(
    accountPath,
    { schema: { tags, security, summary: 'One account' } },
    (request: FastifyRequest<{ Params: AccountParams }>) => admin.getAccount(accountOf(request.params)),
  );
  app.post(
    `${accountPath}/deposit`,
    {
      schema: {
        tags,
        security,
        summary: 'Deposit currencies',
        body: { type: 'object', additionalProperties: { type: 'number' }, examples: [{ usdt: 1000 }] },
      },
    },
    (request: FastifyRequest<{ Params: AccountParams; Body: Amounts }>) =>
      admin.deposit(accountOf(request.params), request.body),
  );
  app.post(
    `${accountPath}/halt`,
    { schema: { tags, security, summary: 'Kill switch: cancel every open order and refuse new ones' } },
    async (request: FastifyRequest<{ Params: AccountParams }>) => {
      const account = accountOf(request.params);
      const cancelled = await admin.halt(account);
      return { ...admin.getAccount(account), cancelled };
    },
  );
  app.post(
    `${accountPath}/resume`,
    { schema: { tags, security, summary: 'Lift the kill switch' } },
    (request: FastifyRequest<{ Params: AccountParams }>) => admin.resume(accountOf(request.params)),
  );
  app.patch(
    `${accountPath}/limits`,
    {
      schema: {
        tags,
        security,
        summary: 'Set risk limits (null clears one)',
        body: {
          type: 'object',
          properties: {
            max_order_amount: { type: ['number', 'null'] },
            max_order_notional: { type: ['number', 'null'] },
            max_open_orders: { type: ['integer', 'null'] },
            price_band: { type: ['number', 'null'], description: 'fraction of the last price, 0.1 = ±10%' },
          },
        },
      },
    },
    (request: FastifyRequest<{ Params: AccountParams; Body: Record<string, number | null> }>) =>
      admin.setLimits(accountOf(request.params), request.body),
  );

  app.get('/keys', { schema: { tags, security, summary: 'API keys (never their secrets)' } }, () =>
    admin.listKeys(),
  );
  app.post(
    '/keys',
    { schema: { tags, security, summary: 'Create a key; the secret is in this answer only', body: keyBody } },
    (
      request: FastifyRequest<{
        Body: {
          accounts: string[];
          read_only?: boolean;
          rate_limit?: { ratePerSecond: number; burst: number };
        };
      }>,
    ) =>
      admin.createKey({
        accounts: request.body.accounts,
        readOnly: request.body.read_only,
        rateLimit: request.body.rate_limit,
      }),
  );
  app.delete(
    '/keys/:api_key',
    { schema: { tags, security, summary: 'Revoke a key' } },
    (request: FastifyRequest<{ Params: { api_key: string } }>) => {
      admin.revokeKey(request.params.api_key);
      return { status: 'success' };
    },
  );
}
