/**
 * The market-data behaviour every live exchange must show, run against its fake: markets and specs,
 * ticks (top 20, last, volume since the previous tick, both times), zhubi, a dropped connection and
 * a sequence gap. Each `live-<exchange>.test.ts` calls it with its dialect.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ContractSpec } from '@ots/protocol';
import { LiveVenue } from '../../../src/venues/live/live-venue.js';
import type { BaseDialect } from './base-dialect.js';
import { Collector } from './collector.js';
import { FakeExchangeServer, harnessUrl } from './server.js';

export interface MarketDataSuiteOptions {
  exchange: string;
  dialect: () => BaseDialect;
  /** The streamed contract and its market id on the exchange. */
  contract: string;
  marketId: string;
  /** Spec fields the markets fixture implies. */
  spec: Partial<ContractSpec>;
  /** Another listed contract, to check the mapping covers the whole market list. */
  otherContract: string;
  /**
   * The exchange pushes the whole top of the book every time (bithumb): there is no sequence to
   * break, so instead of the gap test the suite checks that a lost push leaves nothing stale.
   */
  fullBookPushes?: boolean;
}

const GATEWAY_NOW = Date.UTC(2026, 10, 25, 12, 0, 1, 500);

export function marketDataSuite(o: MarketDataSuiteOptions): void {
  let server: FakeExchangeServer;
  let fake: BaseDialect;
  let venue: LiveVenue;
  const seen = new Collector();

  before(async () => {
    fake = o.dialect();
    server = await new FakeExchangeServer([fake]).start();
    const bids: Array<[number, number]> = [];
    const asks: Array<[number, number]> = [];
    for (let i = 0; i < 25; i++) {
      bids.push([100 - i, 1 + i]);
      asks.push([101 + i, 2 + i]);
    }
    fake.book(o.marketId).set(bids, asks);
    fake.lastPrices.set(o.marketId, 100.5);
    venue = new LiveVenue({
      exchange: o.exchange,
      contracts: [o.contract],
      rewriteUrl: (url) => harnessUrl(server.origin, fake.id, url),
      now: () => GATEWAY_NOW,
      backoff: { initialMs: 5, maxMs: 20 },
      onStatus: (event) => seen.status({ ...event, connectedNow: venue.connected }),
    });
    await venue.start(seen.sink);
  });

  after(async () => {
    await venue.stop();
    await server.stop();
  });

  test(`${o.exchange}: contracts and their specs come from the exchange's markets`, () => {
    const specs = venue.contracts();
    const spec = specs.find((s) => s.symbol === o.contract);
    assert.ok(spec, `expected ${o.contract} among ${specs.map((s) => s.symbol).join(', ')}`);
    assert.equal(spec.exchange, o.exchange);
    for (const [key, value] of Object.entries(o.spec)) {
      assert.equal(spec[key as keyof ContractSpec], value, `spec.${key}`);
    }
    assert.ok(specs.some((s) => s.symbol === o.otherContract));
    assert.equal(venue.marketMap.forContract(o.contract).market.id, o.marketId);
  });

  test(`${o.exchange}: ticks carry the top 20 levels, the last price and both times`, async () => {
    const tick = await seen.waitTick((t) => t.bids.length > 0 && t.asks.length > 0);
    assert.equal(tick.contract, o.contract);
    assert.equal(tick.bids.length, 20);
    assert.equal(tick.asks.length, 20);
    assert.deepEqual(tick.bids[0], { price: 100, volume: 1 });
    assert.deepEqual(tick.bids[19], { price: 81, volume: 20 });
    assert.deepEqual(tick.asks[0], { price: 101, volume: 2 });
    assert.equal(tick.last, 100.5, 'the last price before any trade comes from the ticker');
    assert.equal(tick.time.getTime(), GATEWAY_NOW, 'time is the gateway clock');
  });

  test(`${o.exchange}: trades become zhubi, and the next tick has their volume, last price and exchange time`, async () => {
    await fake.subscribed(fake.tradeChannel, o.marketId);
    const from = seen.ticks.length;
    const tradeMs = Date.UTC(2026, 10, 25, 11, 59, 59, 250);
    fake.trade(o.marketId, [
      { price: 100, amount: 0.25, side: 'sell', ms: tradeMs },
      { price: 101, amount: 0.5, side: 'buy', ms: tradeMs },
    ]);
    await seen.until(() => seen.zhubi.length >= 2);
    const [first, second] = seen.zhubi;
    assert.equal(first?.contract, o.contract);
    assert.equal(first?.price, 100);
    assert.equal(first?.amount, 0.25);
    assert.equal(first?.bs, 's');
    assert.equal(second?.bs, 'b');
    assert.equal(first?.exchange_time?.getTime(), tradeMs, "exchange_time is the exchange's");
    assert.equal(first?.time.getTime(), GATEWAY_NOW, 'time is the gateway clock');
    const tick = await seen.waitTick((t) => t.last === 101, from);
    // An exchange may send the two trades in one message or two: the volumes add up either way.
    const volume = seen.ticks.slice(from).reduce((sum, t) => sum + t.volume, 0);
    assert.equal(volume, 0.75);
    assert.equal(tick.exchange_time?.getTime(), tradeMs);
    const next = await bookTick(fake, o.marketId, seen, [[100, 3]]);
    assert.equal(next.volume, 0, 'volume counts only trades since the previous tick');
  });

  test(`${o.exchange}: book updates move the tick's levels`, async () => {
    const tick = await bookTick(fake, o.marketId, seen, [[100.5, 7]]);
    assert.deepEqual(tick.bids[0], { price: 100.5, volume: 7 });
  });

  // One of the two book-loss tests, as the exchange's book protocol has sequence numbers or not.
  const sequenced = (name: string, fn: () => Promise<void>) =>
    o.fullBookPushes ? undefined : test(name, fn);
  const fullBook = (name: string, fn: () => Promise<void>) => (o.fullBookPushes ? test(name, fn) : undefined);

  fullBook(`${o.exchange}: a lost push leaves nothing stale, as every push is the whole book`, async () => {
    // The book changes on the exchange while the push carrying the change is lost.
    fake.book(o.marketId).apply('bids', [[100.5, 0]]);
    fake.book(o.marketId).apply('asks', [[101, 0]]);
    const tick = await bookTick(fake, o.marketId, seen, [[99.5, 4]]);
    assert.equal(tick.asks[0]?.price, 102);
    assert.deepEqual(tick.bids[0], { price: 100, volume: 3 });
    assert.equal(venue.counters.bookResets, 0);
  });

  sequenced(`${o.exchange}: a sequence gap gives a fresh book from a new subscription`, async () => {
    const subscriptions = fake.subscribeCount(fake.bookChannel, o.marketId);
    const statuses = seen.statuses.length;
    // The book changes on the exchange while the update carrying the change is lost.
    fake.book(o.marketId).apply('bids', [[100.5, 0]]);
    fake.book(o.marketId).apply('asks', [[101, 0]]);
    fake.updateBook(o.marketId, { bids: [[99.5, 4]] }, { gap: true });
    const reset = await seen.waitStatus('book-reset', statuses);
    assert.equal(reset.contract, o.contract);
    await fake.subscribed(fake.bookChannel, o.marketId, subscriptions + 1);
    const tick = await seen.waitTick((t) => t.asks[0]?.price === 102);
    assert.deepEqual(tick.bids[0], { price: 100, volume: 3 }, 'the fresh book has none of the lost state');
    assert.equal(venue.counters.bookResets, 1);
  });

  test(`${o.exchange}: a dropped connection is reported once, then the feed resumes`, async () => {
    const statuses = seen.statuses.length;
    const connections = fake.connections;
    fake.dropConnections();
    const down = await seen.waitStatus('disconnected', statuses);
    assert.match(down.reason, /NetworkError|closed|ExchangeNotAvailable|RequestTimeout/);
    assert.equal(down.connectedNow, false, 'the venue says it is down');
    const up = await seen.waitStatus('connected', statuses);
    assert.equal(up.connectedNow, true);
    assert.ok(fake.connections > connections, 'the venue connected again');
    await fake.subscribed(fake.tradeChannel, o.marketId, 2);
    const tick = await bookTick(fake, o.marketId, seen, [[100.25, 9]]);
    assert.deepEqual(tick.bids[0], { price: 100.25, volume: 9 });
    assert.equal(venue.counters.disconnects, 1);
    assert.equal(seen.statuses.slice(statuses).filter((s) => s.state === 'disconnected').length, 1);
  });
}

/** Sends a bid update and waits for the tick that shows it. */
async function bookTick(fake: BaseDialect, marketId: string, seen: Collector, bids: Array<[number, number]>) {
  const from = seen.ticks.length;
  const [price, volume] = bids[0] as [number, number];
  fake.updateBook(marketId, { bids });
  return seen.waitTick((t) => t.bids.some((l) => l.price === price && l.volume === volume), from);
}
