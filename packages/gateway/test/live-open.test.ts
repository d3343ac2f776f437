/**
 * Turning live exchanges on (`openLiveVenues`): closed codes refused, each venue with live trading
 * for keyed accounts and paper trading for `mock-*`, feed outages counted for `/metrics`.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { MetricsRegistry } from '../src/metrics/registry.js';
import { TradeStore } from '../src/trade/trade-store.js';
import type { LiveVenue } from '../src/venues/live/live-venue.js';
import { openLiveVenues } from '../src/venues/live/open-live.js';
import { Collector } from './support/fake-exchange/collector.js';
import { FakeGate } from './support/fake-exchange/gate.js';
import { FakeOkx } from './support/fake-exchange/okx.js';
import { FakeExchangeServer } from './support/fake-exchange/server.js';

let server: FakeExchangeServer;
const okx = new FakeOkx();
const gate = new FakeGate();
let venues: LiveVenue[];
const registry = new MetricsRegistry();
const seen = new Collector();

before(async () => {
  server = await new FakeExchangeServer([okx, gate]).start();
  okx.book('BTC-USDT').set([[100, 1]], [[101, 1]]);
  okx.ledger.addAccount('okx-key', 'okx-secret', { usdt: 1000 });
  venues = await openLiveVenues({
    exchanges: ['okex', 'gate'],
    db: new Database(':memory:'),
    paperStore: () => new TradeStore(new Database(':memory:')),
    credentials: (account) =>
      account === 'okex/main' ? { apiKey: 'okx-key', secret: 'okx-secret', password: 'p' } : undefined,
    contracts: { okex: ['okex/btc.usdt'], gate: ['gate/btc.usdt'] },
    metrics: {
      disconnects: registry.counter('ots_venue_disconnects_total', 'Live feed outages, by exchange.'),
      bookResets: registry.counter('ots_venue_book_resets_total', 'Books rebuilt after a gap, by exchange.'),
    },
    onStatus: seen.status,
    rewriteUrl: (url) => {
      const id = url.includes('okx') ? 'okx' : 'gate';
      const parsed = new URL(url);
      const base = server.origin.replace(/^http:/, parsed.protocol.startsWith('ws') ? 'ws:' : 'http:');
      return `${base}/${id}/${parsed.hostname}${parsed.pathname === '/' && !url.endsWith('/') ? '' : parsed.pathname}${parsed.search}`;
    },
  });
  for (const venue of venues) await venue.start(seen.sink);
});

after(async () => {
  for (const venue of venues) await venue.stop();
  await server.stop();
});

test('a closed exchange cannot be turned on, and nothing starts', async () => {
  await assert.rejects(
    openLiveVenues({
      exchanges: ['okex', 'bitmex'],
      db: new Database(':memory:'),
      credentials: () => undefined,
    }),
    { code: 'exg-closed', message: /"bitmex" has closed on 2026-09-23/ },
  );
});

test('each exchange code is a venue with its contracts, live accounts and paper accounts', async () => {
  assert.deepEqual(
    venues.map((v) => v.exchange),
    ['okex', 'gate'],
  );
  const okex = venues[0] as LiveVenue;
  assert.ok(okex.contracts().some((c) => c.symbol === 'okex/btc.usdt'));
  const live = await okex.trading?.info('okex/main');
  assert.equal(live?.cash, 1000);
  await assert.rejects(okex.trading!.info('okex/other'), { code: 'invalid-account-config' });
  const paper = await okex.trading?.info('okex/mock-alice');
  assert.equal(paper?.balance, 0, 'a new paper account is empty until a deposit');
});

test('a feed outage is counted per exchange for /metrics', async () => {
  await okx.subscribed('trades', 'BTC-USDT');
  const from = seen.statuses.length;
  okx.dropConnections();
  await seen.waitStatus('connected', from);
  const text = registry.render();
  assert.match(text, /ots_venue_disconnects_total\{exchange="okex"\} 1/);
  assert.doesNotMatch(text, /ots_venue_disconnects_total\{exchange="gate"\}/);
});
