/**
 * Durability: a burst of orders from several clients, the server killed with SIGKILL in the middle,
 * a restart on the same data directory, and then:
 * - every acknowledged order is present (same exchange_oid), every acknowledged cancel has ended it;
 * - any other present order was in flight when the server died, and is found by its client_oid;
 * - nothing present was never sent;
 * - balances equal deposits minus the fills, fees and freezes of the present orders, exactly.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type TestContext, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { DealtTrans, Order } from '@ots/protocol';
import { type Creds, TradeClient } from './support/trade-client.js';
import { tempDir } from './support/trade-tmp.js';

const SERVER = fileURLToPath(new URL('./support/trade-server.ts', import.meta.url));
const ACCOUNTS = ['sim/d1', 'sim/d2', 'sim/d3', 'sim/d4'];
const DEPOSIT = { usdt: 1_000_000, btc: 10 };
const IN_FLIGHT_PER_CLIENT = 8;
const KILL_AFTER_ACKS = 400;

async function startServer(
  dataDir: string,
  commitThread: boolean,
): Promise<{ child: ChildProcess; url: string }> {
  const args = ['--import', 'tsx', SERVER, dataDir, ...(commitThread ? ['commit-thread'] : [])];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
  });
  return { child, url };
}

async function admin<T>(
  url: string,
  dataDir: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const token = readFileSync(join(dataDir, 'admin.token'), 'utf8').trim();
  const res = await fetch(`${url}/api/v1/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()) as T;
}

/** Exact decimal arithmetic: every wire number here has at most 8 decimals. */
const units = (n: number) => BigInt(Math.round(n * 1e8));

interface Ledger {
  sent: Set<string>;
  acked: Map<string, string>;
  failed: Set<string>;
  inFlight: Set<string>;
  cancelAcked: Set<string>;
}

async function burst(client: TradeClient, ledger: Ledger, stop: () => boolean, tag: string): Promise<void> {
  let n = 0;
  const worker = async (w: number) => {
    while (!stop()) {
      const i = n++;
      const client_oid = `${tag}-${w}-${i}`;
      // A mix: resting bids and asks away from the market, and takers that fill against it.
      const kind = i % 5;
      const order =
        kind === 0
          ? { contract: 'sim/btc.usdt', price: 90000, bs: 'b', amount: 0.001 }
          : kind === 1
            ? { contract: 'sim/btc.usdt', price: 30000, bs: 's', amount: 0.001 }
            : kind === 2
              ? { contract: 'sim/btc.usdt', price: 50000 + (i % 100), bs: 'b', amount: 0.0013 }
              : kind === 3
                ? { contract: 'sim/btc.usdt', price: 70000 + (i % 100), bs: 's', amount: 0.0007 }
                : { contract: 'sim/eth.usdt', price: 2000 + (i % 50), bs: 'b', amount: 0.01 };
      ledger.sent.add(client_oid);
      ledger.inFlight.add(client_oid);
      try {
        const res = await client.place({ ...order, client_oid });
        ledger.inFlight.delete(client_oid);
        if (res.status === 200) {
          ledger.acked.set(client_oid, res.body.exchange_oid);
          if (kind >= 2 && i % 3 === 0) {
            const cancel = await client.cancel(`client_oid=${client_oid}`);
            if (cancel.status === 200) ledger.cancelAcked.add(client_oid);
          }
        } else ledger.failed.add(client_oid);
      } catch {
        return; // the server is gone: this one stays in flight
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT_PER_CLIENT }, (_, w) => worker(w)));
}

test(
  'SIGKILL in the middle of a burst loses no acknowledged order and keeps balances exact',
  {
    timeout: 300_000,
  },
  (t) => killedMidBurst(t, false),
);

test('the same with the commit thread writing the commits', { timeout: 300_000 }, (t) =>
  killedMidBurst(t, true),
);

async function killedMidBurst(t: TestContext, commitThread: boolean): Promise<void> {
  const dataDir = tempDir(t);
  const first = await startServer(dataDir, commitThread);
  t.after(() => first.child.kill('SIGKILL'));
  const creds = new Map<string, Creds>();
  for (const account of ACCOUNTS) {
    await admin(first.url, dataDir, 'POST', '/accounts', { account, deposit: DEPOSIT });
    creds.set(account, await admin<Creds>(first.url, dataDir, 'POST', '/keys', { accounts: [account] }));
  }

  const ledgers = new Map<string, Ledger>();
  let acks = 0;
  let killed = false;
  const exited = new Promise((resolve) => first.child.once('exit', resolve));
  const runs = ACCOUNTS.map((account) => {
    const ledger: Ledger = {
      sent: new Set(),
      acked: new Map(),
      failed: new Set(),
      inFlight: new Set(),
      cancelAcked: new Set(),
    };
    ledgers.set(account, ledger);
    const client = new TradeClient(first.url, account, creds.get(account)!);
    const origSet = ledger.acked.set.bind(ledger.acked);
    ledger.acked.set = (k, v) => {
      if (++acks === KILL_AFTER_ACKS && !killed) {
        killed = true;
        first.child.kill('SIGKILL');
      }
      return origSet(k, v);
    };
    return burst(client, ledger, () => killed, account.replace('/', '-'));
  });
  await Promise.all(runs);
  await exited;
  const totalInFlight = [...ledgers.values()].reduce((s, l) => s + l.inFlight.size, 0);
  assert.ok(acks >= KILL_AFTER_ACKS);

  const second = await startServer(dataDir, commitThread);
  t.after(() => second.child.kill('SIGKILL'));
  let presentInFlight = 0;
  let fillCount = 0;
  for (const account of ACCOUNTS) {
    const ledger = ledgers.get(account)!;
    const client = new TradeClient(second.url, account, creds.get(account)!);
    const orders = (await client.get<Order[]>('/orders', 'state=all')).body;
    const byOid = new Map(orders.map((o) => [o.client_oid, o]));
    assert.equal(byOid.size, orders.length, `${account}: no client_oid twice`);

    for (const [client_oid, exchange_oid] of ledger.acked) {
      const order = byOid.get(client_oid);
      assert.ok(order, `${account}: acknowledged order ${client_oid} is present`);
      assert.equal(order.exchange_oid, exchange_oid);
    }
    for (const client_oid of ledger.cancelAcked) {
      assert.ok(
        ['withdrawn', 'part-deal-withdrawn', 'dealt'].includes(byOid.get(client_oid)!.status),
        client_oid,
      );
    }
    for (const order of orders) {
      assert.ok(ledger.sent.has(order.client_oid), `${account}: ${order.client_oid} was sent`);
      assert.ok(
        !ledger.failed.has(order.client_oid),
        `${account}: refused order ${order.client_oid} is absent`,
      );
      if (!ledger.acked.has(order.client_oid)) {
        assert.ok(
          ledger.inFlight.has(order.client_oid),
          `${account}: unacknowledged ${order.client_oid} was in flight`,
        );
        const found = await client.get<Order[]>('/orders', `client_oid=${order.client_oid}`);
        assert.equal(found.body[0].exchange_oid, order.exchange_oid);
        presentInFlight++;
      }
    }

    // Every fill, through the pages.
    const fills: DealtTrans[] = [];
    let before = '';
    for (;;) {
      const page = (
        await client.get<DealtTrans[]>('/trans', `limit=1000${before ? `&before=${before}` : ''}`)
      ).body;
      fills.push(...page);
      if (page.length < 1000) break;
      before = page[page.length - 1].exchange_tid;
    }
    fillCount += fills.length;
    const orderOids = new Set(orders.map((o) => o.exchange_oid));
    for (const f of fills)
      assert.ok(orderOids.has(f.exchange_oid), `fill ${f.exchange_tid} belongs to a present order`);

    // Expected totals: deposits, then each fill's money and fee.
    const total = new Map<string, bigint>([
      ['usdt', units(DEPOSIT.usdt)],
      ['btc', units(DEPOSIT.btc)],
      ['eth', 0n],
    ]);
    const add = (c: string, v: bigint) => total.set(c, (total.get(c) ?? 0n) + v);
    for (const f of fills) {
      const [base, quote] = f.contract.split('/')[1].split('.');
      const qty = units(f.dealt_amount);
      const money = (units(f.dealt_price) * qty) / 100_000_000n;
      if (f.bs === 'b') {
        add(base, qty);
        add(quote, -money);
      } else {
        add(base, -qty);
        add(quote, money);
      }
      add(f.commission_currency, -units(f.commission));
    }
    // Expected freezes: what the open orders still hold (quote for bids, base for asks).
    const frozen = new Map<string, bigint>();
    for (const o of orders) {
      if (!['pending', 'part-deal-pending', 'waiting'].includes(o.status)) continue;
      const [base, quote] = o.contract.split('/')[1].split('.');
      const left = units(o.entrust_amount) - units(o.dealt_amount);
      if (o.bs === 'b')
        frozen.set(quote, (frozen.get(quote) ?? 0n) + (units(o.entrust_price) * left) / 100_000_000n);
      else frozen.set(base, (frozen.get(base) ?? 0n) + left);
    }
    const info = (
      await client.get<{
        position: Array<{ contract: string; total_amount: number; available: number; frozen: number }>;
      }>('/info')
    ).body;
    for (const currency of ['usdt', 'btc', 'eth']) {
      const row = info.position.find((p) => p.contract === currency) ?? {
        total_amount: 0,
        available: 0,
        frozen: 0,
      };
      assert.equal(units(row.total_amount), total.get(currency), `${account} ${currency} total`);
      assert.equal(units(row.frozen), frozen.get(currency) ?? 0n, `${account} ${currency} frozen`);
      assert.equal(
        units(row.available) + units(row.frozen),
        units(row.total_amount),
        `${account} ${currency}`,
      );
    }

    // The restarted server trades on: a new order goes through; an in-flight client_oid is taken.
    const next = await client.place({ contract: 'sim/btc.usdt', price: 10000, bs: 'b', amount: 0.001 });
    assert.equal(next.status, 200);
    const taken = [...ledger.inFlight].find((oid) => byOid.has(oid)) ?? [...ledger.acked.keys()][0];
    const again = await client.place({
      contract: 'sim/btc.usdt',
      price: 10000,
      bs: 'b',
      amount: 0.001,
      client_oid: taken,
    });
    assert.equal(again.status, 409);
  }
  assert.ok(fillCount > 0, 'the burst made fills, so the balance check has something to check');
  t.diagnostic(
    `acked ${acks}, in flight at the kill ${totalInFlight}, of which present after restart ${presentInFlight}; fills ${fillCount}`,
  );
}
