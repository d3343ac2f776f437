/**
 * The trading behaviour every live exchange must show, run against its fake: place (intent first,
 * client id mapped), amend, cancel, partial fills, fills, info, duplicate client_oids and each
 * mapped error code. Each `live-<exchange>-trading.test.ts` calls it with its dialect.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ORDER_STATUSES, OtsError } from '@ots/protocol';
import Database from 'better-sqlite3';
import { LiveTrading } from '../../../src/venues/live/live-trading.js';
import { LiveVenue } from '../../../src/venues/live/live-venue.js';
import { intentOrder } from '../../../src/venues/live/order-mapping.js';
import { LiveOrderStore } from '../../../src/venues/live/order-store.js';
import type { BaseDialect } from './base-dialect.js';
import type { FakeFailure, FakeOperation } from './ledger.js';
import { FakeExchangeServer, harnessUrl } from './server.js';

export interface TradingSuiteOptions {
  exchange: string;
  dialect: () => BaseDialect;
  contract: string;
  marketId: string;
  /** What the exchange's own client id for the suite's first order must be. */
  expectedClientId: string;
  /** Whether amend keeps the exchange order (native edit) or replaces it. */
  nativeAmend: boolean;
  /**
   * Rejections the exchange has no answer of its own for (Bitfinex has a minimum size but no
   * minimum notional), with why; the suite leaves their error-code test out.
   */
  notOnThisExchange?: Partial<Record<FakeFailure, string>>;
  /**
   * The exchange's fills carry no id, no maker/taker and no fee of their own (Bithumb): the fill's
   * `exchange_tid` is then `{exchange_oid}-{n}` (its place among the order's fills) and those two
   * fields are not checked.
   */
  bareFills?: boolean;
}

const CREDENTIALS: Record<string, { apiKey: string; secret: string; password: string }> = {
  main: { apiKey: 'key-main', secret: 'secret-main', password: 'pass-main' },
  stranger: { apiKey: 'key-unknown', secret: 'secret-unknown', password: 'x' },
};

export function tradingSuite(o: TradingSuiteOptions): void {
  let server: FakeExchangeServer;
  let fake: BaseDialect;
  let venue: LiveVenue;
  let trading: LiveTrading;
  let store: LiveOrderStore;
  const account = `${o.exchange}/main`;
  let n = 0;
  const clientOid = () => `${o.contract}-20261125120000abcdefgh${String(++n).padStart(6, '0')}`;
  const place = (price: number, amount: number, client_oid = clientOid(), who = account) =>
    trading.placeOrder(who, {
      contract: o.contract,
      bs: 'b',
      price,
      amount,
      client_oid,
      options: {},
      tags: { k: 'v' },
    });

  before(async () => {
    fake = o.dialect();
    server = await new FakeExchangeServer([fake]).start();
    fake.ledger.addAccount('key-main', 'secret-main', { usdt: 100_000, btc: 2 });
    const rewriteUrl = (url: string) => harnessUrl(server.origin, fake.id, url);
    venue = new LiveVenue({ exchange: o.exchange, rewriteUrl });
    store = new LiveOrderStore(new Database(':memory:'));
    trading = new LiveTrading({
      venue,
      store,
      rewriteUrl,
      credentials: (acct) => CREDENTIALS[acct.slice(acct.indexOf('/') + 1)],
      now: () => Date.UTC(2026, 10, 25, 12, 0, 5),
    });
  });

  after(async () => {
    await trading.close();
    await venue.stop();
    await server.stop();
  });

  test(`${o.exchange}: a placed order is pending, with the exchange's id and the client id mapped and stored`, async () => {
    const client_oid = `${o.contract}-20261125120000abcdefgh000000`;
    let intentSeen: unknown;
    fake.ledger.onPlaceRequest = (clientId) => {
      intentSeen = store.byExchangeClientId(account, clientId)?.order.status;
    };
    const order = await place(90, 0.5, client_oid);
    fake.ledger.onPlaceRequest = undefined;
    assert.equal(intentSeen, 'waiting', 'the intent is on disk before the exchange sees the order');
    const onExchange = [...fake.ledger.orders.values()].at(-1);
    assert.ok(onExchange);
    assert.equal(onExchange.clientId, o.expectedClientId);
    assert.equal(order.status, 'pending');
    assert.equal(order.exchange_oid, `${o.contract}-${onExchange.id}`);
    assert.equal(order.client_oid, client_oid);
    assert.equal(order.entrust_price, 90);
    assert.equal(order.entrust_amount, 0.5);
    assert.deepEqual(order.tags, { k: 'v' });
    assert.equal(store.byClientOid(account, client_oid)?.exchangeClientId, o.expectedClientId);
    const listed = await trading.orders(account, { statuses: ['pending'] });
    assert.ok(listed.some((x) => x.client_oid === client_oid));
  });

  test(`${o.exchange}: the same client_oid twice is refused and placed once`, async () => {
    const client_oid = clientOid();
    await place(90, 0.1, client_oid);
    const before = fake.ledger.orders.size;
    await assert.rejects(place(90, 0.1, client_oid), { code: 'client_oid-already-existed' });
    assert.equal(fake.ledger.orders.size, before);
  });

  test(`${o.exchange}: amend changes price and amount (${o.nativeAmend ? 'native edit' : 'cancel-and-replace'})`, async () => {
    const order = await place(91, 0.2);
    const amended = await trading.amendOrder(account, order.exchange_oid, { price: 92, amount: 0.3 });
    assert.equal(amended.entrust_price, 92);
    assert.equal(amended.entrust_amount, 0.3);
    assert.equal(amended.client_oid, order.client_oid);
    assert.ok(amended.version > order.version);
    const open = [...fake.ledger.orders.values()].filter((x) => x.status === 'open' && x.price === 92);
    assert.equal(open.length, 1);
    if (o.nativeAmend) {
      assert.equal(amended.exchange_oid, order.exchange_oid);
      assert.equal(amended.comment, '');
    } else {
      assert.notEqual(amended.exchange_oid, order.exchange_oid);
      assert.match(amended.comment, /cancel-and-replace/);
      assert.match(amended.comment, new RegExp(order.exchange_oid.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    }
    const cancelled = await trading.cancelOrder(account, amended.exchange_oid);
    assert.equal(cancelled.status, 'withdrawn');
  });

  test(`${o.exchange}: a partly filled order cancelled is part-deal-withdrawn, and its fill is listed`, async () => {
    const order = await place(93, 0.4);
    const id = order.exchange_oid.slice(o.contract.length + 1);
    fake.ledger.fill(id, 0.1, 93, true);
    const cancelled = await trading.cancelOrder(account, order.exchange_oid);
    assert.equal(cancelled.status, 'part-deal-withdrawn');
    assert.equal(cancelled.dealt_amount, 0.1);
    assert.ok(cancelled.canceled_time);
    const fills = await trading.fills(account, { contract: o.contract });
    const fill = fills.find((f) => f.exchange_oid === order.exchange_oid);
    assert.ok(fill, 'the fill is listed');
    assert.equal(fill.client_oid, order.client_oid);
    assert.equal(fill.dealt_amount, 0.1);
    assert.equal(fill.dealt_price, 93);
    if (!o.bareFills) assert.equal(fill.dealt_type, 'maker');
    assert.equal(fill.bs, 'b');
    if (o.bareFills) {
      assert.equal(fill.exchange_tid, `${order.exchange_oid}-1`);
    } else {
      assert.ok(Math.abs(fill.commission - 0.0001) < 1e-12);
      assert.equal(fill.commission_currency, 'btc');
      assert.match(fill.exchange_tid, new RegExp(`^${o.contract.replace('.', '\\.')}-\\d+$`));
    }
  });

  test(`${o.exchange}: cancelling an order that is gone answers exg-cancel-order-not-exist`, async () => {
    const order = await place(94, 0.1);
    await trading.cancelOrder(account, order.exchange_oid);
    await assert.rejects(trading.cancelOrder(account, order.exchange_oid), {
      code: 'exg-cancel-order-not-exist',
    });
  });

  test(`${o.exchange}: info lists balances as spot positions`, async () => {
    const info = await trading.info(account);
    const btc = info.position.find((p) => p.contract === 'btc') as Record<string, number> | undefined;
    assert.ok(btc);
    assert.ok(Math.abs(btc.total_amount - (2 + 0.1 - 0.0001)) < 1e-9, `btc total ${btc.total_amount}`);
    assert.ok(info.cash > 0);
  });

  const errors: Array<[FakeOperation, FakeFailure, string]> = [
    ['place', 'rate-limit', 'exg-rate-limit-exceeded'],
    ['place', 'min-notional', 'exg-place-order-min-notional'],
    ['place', 'bad-amount', 'exg-place-order-error-amount'],
    ['place', 'bad-price', 'exg-place-order-error-price'],
    ['place', 'no-money', 'exg-place-order-no-money'],
  ];
  for (const [op, failure, code] of errors.filter(([, failure]) => !o.notOnThisExchange?.[failure])) {
    test(`${o.exchange}: the exchange's ${failure} answer is ${code}, and the order is error-order`, async () => {
      fake.ledger.failNext(op, failure);
      const client_oid = clientOid();
      const error = await place(95, 0.1, client_oid).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof OtsError, `expected an OtsError, got ${String(error)}`);
      assert.equal(error.code, code);
      assert.equal(store.byClientOid(account, client_oid)?.order.status, 'error-order');
    });
  }

  test(`${o.exchange}: a real shortage of money is exg-place-order-no-money`, async () => {
    await assert.rejects(place(100, 5000), { code: 'exg-place-order-no-money' });
  });

  test(`${o.exchange}: an exchange key the exchange does not know is exg-invalid-api-key`, async () => {
    await assert.rejects(place(90, 0.1, clientOid(), `${o.exchange}/stranger`), {
      code: 'exg-invalid-api-key',
    });
    await assert.rejects(trading.info(`${o.exchange}/stranger`), { code: 'exg-invalid-api-key' });
  });

  test(`${o.exchange}: an account without an exchange key is invalid-account-config`, async () => {
    await assert.rejects(trading.info(`${o.exchange}/nokey`), { code: 'invalid-account-config' });
  });
}

export function reconciliationSuite(
  o: TradingSuiteOptions & { exchangeClientIdOf: (clientOid: string) => string },
): void {
  test(`${o.exchange}: after a restart, orders, intents and fills are reconciled with the exchange`, async () => {
    const fake = o.dialect();
    const server = await new FakeExchangeServer([fake]).start();
    const dir = mkdtempSync(join(tmpdir(), 'ots-live-reconcile-'));
    const file = join(dir, 'ots.sqlite');
    fake.ledger.addAccount('key-main', 'secret-main', { usdt: 100_000, btc: 2 });
    const rewriteUrl = (url: string) => harnessUrl(server.origin, fake.id, url);
    const account = `${o.exchange}/main`;
    const warnings: string[] = [];
    const open = () => {
      const venue = new LiveVenue({ exchange: o.exchange, rewriteUrl });
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      const store = new LiveOrderStore(db);
      const trading = new LiveTrading({
        venue,
        store,
        rewriteUrl,
        credentials: (acct) => CREDENTIALS[acct.slice(acct.indexOf('/') + 1)],
        log: { info: () => {}, warn: (_fields, message) => warnings.push(message) },
      });
      return { venue, db, store, trading };
    };
    const cid = (suffix: string) => `${o.contract}-20261125120000reconcile${suffix}`;
    const request = (client_oid: string, price: number) => ({
      contract: o.contract,
      bs: 'b' as const,
      price,
      amount: 0.2,
      client_oid,
      options: {},
      tags: {},
    });

    // Before the "crash": A is placed; B reaches the exchange but its reply is lost; C's intent is
    // written but the process dies before the call.
    const first = open();
    const a = await first.trading.placeOrder(account, request(cid('a'), 80));
    fake.ledger.loseNextReply('place');
    await assert.rejects(first.trading.placeOrder(account, request(cid('b'), 81)), { code: 'exg-timeout' });
    assert.equal(first.store.byClientOid(account, cid('b'))?.order.status, 'waiting');
    const intentC = intentOrder({ account, ...request(cid('c'), 82), nowMs: Date.now() });
    first.store.writeIntent(intentC, o.exchangeClientIdOf(cid('c')));
    await first.trading.close();
    first.db.close();

    // While OTS is down: A fills partly, and someone places D on the exchange directly.
    fake.ledger.fill(a.exchange_oid.slice(o.contract.length + 1), 0.05, 80, true);
    const [base, quote] = o.contract.slice(o.contract.indexOf('/') + 1).split('.') as [string, string];
    const d = fake.ledger.place({
      apiKey: 'key-main',
      clientId: o.exchangeClientIdOf(cid('d')),
      symbolId: o.marketId,
      base,
      quote,
      side: 'sell',
      price: 120,
      amount: 0.1,
    });
    assert.notEqual(d, 'no-money');

    const second = open();
    try {
      const differences = await second.trading.reconcile(account);
      const kinds = differences.map((x) => `${x.kind} ${x.client_oid}`).sort();
      assert.deepEqual(kinds, [
        `fill-added ${cid('a')}`,
        `intent-never-placed ${cid('c')}`,
        `intent-placed ${cid('b')}`,
        `order-adopted ${o.contract}-${o.exchangeClientIdOf(cid('d'))}`,
        `order-changed ${cid('a')}`,
      ]);
      assert.equal(
        warnings.filter((w) => w.startsWith('reconcile:')).length,
        5,
        'every difference is logged',
      );
      const orders = await second.trading.orders(account, { statuses: ORDER_STATUSES });
      const status = (client_oid: string) => orders.find((x) => x.client_oid === client_oid)?.status;
      assert.equal(status(cid('a')), 'part-deal-pending');
      assert.equal(status(cid('b')), 'pending');
      assert.equal(status(cid('c')), 'error-order');
      assert.equal(status(`${o.contract}-${o.exchangeClientIdOf(cid('d'))}`), 'pending');
      const fills = second.store.fills(account);
      assert.equal(fills.length, 1);
      assert.equal(fills[0]?.client_oid, cid('a'));
      assert.deepEqual(await second.trading.reconcile(account), [], 'a second pass finds nothing');
    } finally {
      await second.trading.close();
      second.db.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
