/**
 * The browser test's bundle entry: the SDK as a page imports it, and the scenario the test runs in
 * the page (kept here so esbuild compiles it with the bundle).
 */
import * as sdk from '@ots/sdk';

export interface ScenarioInput {
  url: string;
  apiKey: string;
  apiSecret: string;
}

const timing = { pingIntervalMs: 200, backoff: { initialMs: 50, maxMs: 200 } };

/** Three ticks of test/btc.usdt; each received tick asks the test for the next one (`window.nextTick`). */
async function streamed(
  url: string,
  options: sdk.QuoteOptions,
): Promise<{ lasts: number[]; source: string | null }> {
  const nextTick = (globalThis as unknown as { nextTick: () => Promise<void> }).nextTick;
  const quote = new sdk.Quote({ url, ...timing, ...options });
  const lasts: number[] = [];
  let source: string | null = null;
  await new Promise<void>((resolve, reject) => {
    quote
      .subscribeTick('test/btc.usdt', async (tick) => {
        lasts.push(tick.last);
        source = tick.source;
        if (lasts.length === 3) resolve();
        else await nextTick();
      })
      .catch(reject);
  });
  quote.close();
  return { lasts, source };
}

async function scenario({ url, apiKey, apiSecret }: ScenarioInput) {
  const plain = await streamed(url, {});
  const gzip = await streamed(url, { gzip: true });
  const v3 = await streamed(url, { tickFormat: 'v3' });

  const alice = new sdk.Account('sim/alice', { url, apiKey, apiSecret, ...timing });
  const pushes: Array<{ type: string; statuses: string[] }> = [];
  let placedOid = '';
  let sawCancel!: () => void;
  const cancelled = new Promise<void>((resolve) => {
    sawCancel = resolve;
  });
  await alice.subscribeOrders((orders, type) => {
    pushes.push({ type, statuses: orders.map((o) => `${o.client_oid} ${o.status}`) });
    if (orders.some((o) => o.client_oid === placedOid && o.status === 'withdrawn')) sawCancel();
  });
  const placed = await alice.placeOrder('sim/btc.usdt', 1000, 'b', 0.01);
  placedOid = placed.client_oid;
  const pending = await alice.getPendingList();
  const cancel = await alice.cancelUseClientOid(placed.client_oid);
  await cancelled;
  const info = await alice.getInfo();
  alice.close();
  return {
    plain,
    gzip,
    v3,
    placed,
    pendingOids: pending.map((o) => o.client_oid),
    cancel,
    pushes,
    usdt: info.getTotalAmount('usdt'),
    secure: globalThis.isSecureContext,
  };
}

/** Place, amend and cancel from a page of another origin (every call goes through CORS). */
async function crossOrigin({ url, apiKey, apiSecret }: ScenarioInput) {
  const alice = new sdk.Account('sim/alice', { url, apiKey, apiSecret });
  const placed = await alice.placeOrder('sim/btc.usdt', 1000, 'b', 0.01);
  const amended = await alice.amendOrderUseClientOid(placed.client_oid, 1001, 0.01);
  const cancelled = await alice.cancelUseClientOid(placed.client_oid);
  return { amended: amended.client_oid === placed.client_oid, cancelled: !Array.isArray(cancelled) };
}

export type ScenarioResult = Awaited<ReturnType<typeof scenario>>;

(globalThis as unknown as { ots: unknown }).ots = { ...sdk, scenario, crossOrigin };
