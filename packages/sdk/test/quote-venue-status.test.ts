/**
 * `venue-status`: the gateway tells subscribers when an exchange's feed goes down and comes back;
 * Quote surfaces it once per change (however many connections carry that exchange), and no error.
 * The gateway is real; its venue is a manual one whose feed status the test sets.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ManualVenue, startGateway, type VenueStatusEvent } from '@ots/gateway';
import { Quote, type QuoteVenueStatus } from '@ots/sdk';
import { Collector, testTick } from './support/gateway.js';

/** A manual venue whose feed can be cut, reporting it as a live exchange venue does. */
class FlakyVenue extends ManualVenue {
  connected = true;
  private readonly listeners = new Set<(event: VenueStatusEvent) => void>();

  watchStatus(listener: (event: VenueStatusEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setConnected(up: boolean): void {
    this.connected = up;
    const event: VenueStatusEvent = {
      exchange: this.exchange,
      state: up ? 'connected' : 'disconnected',
      reason: 'test',
    };
    for (const listener of this.listeners) listener(event);
  }
}

test('venue-status tells when an exchange feed on the gateway goes down and comes back', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ots-sdk-status-'));
  const venue = new FlakyVenue('flaky', ['btc.usdt', 'eth.usdt']);
  const gateway = await startGateway({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    logger: 'silent',
    venues: [venue],
    config: { sim: { enabled: false } },
  });
  t.after(async () => {
    await gateway.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const errors: unknown[] = [];
  const quote = new Quote({ url: gateway.url, onError: (e) => errors.push(e) });
  t.after(() => quote.close());
  const statuses = new Collector<QuoteVenueStatus>();
  quote.on('venue-status', statuses.push);
  const ticks = new Collector<unknown>();
  await quote.subscribeTick('flaky/btc.usdt', ticks.push);
  await quote.subscribeZhubi('flaky/eth.usdt', () => {});

  venue.setConnected(false);
  await statuses.count(1);
  venue.setConnected(true);
  await statuses.count(2);
  assert.deepEqual(
    statuses.values.map((s) => [s.exchange, s.state]),
    [
      ['flaky', 'disconnected'],
      ['flaky', 'connected'],
    ],
  );
  assert.match(statuses.values[0].message, /flaky feed is down/);
  // The stream goes on, and the status messages were not taken for errors.
  venue.tick(testTick('flaky/btc.usdt', 1234));
  await ticks.count(1);
  assert.deepEqual(errors, []);
});
