/**
 * Reconciliation: after a reconnect or a restart, the store is brought in line with the exchange,
 * which is the truth. Every difference is logged and applied:
 * - an intent (`waiting`) the exchange has → the order as the exchange has it;
 * - an intent the exchange never received → `error-order`;
 * - an active order whose status or fills moved meanwhile → its new state;
 * - an open order on the exchange we have no record of → adopted;
 * - fills we had not seen → stored.
 */
import type { LiveTrading } from './live-trading.js';
import { type CcxtOrderLike, mergeOrder, nativeOrderId } from './order-mapping.js';

export interface Difference {
  account: string;
  kind: 'intent-placed' | 'intent-never-placed' | 'order-changed' | 'order-adopted' | 'fill-added';
  client_oid: string;
  exchange_oid: string;
  from?: string;
  to?: string;
}

export async function reconcileAccount(trading: LiveTrading, account: string): Promise<Difference[]> {
  const markets = await trading.options.venue.loadMarkets();
  const client = await trading.client(account);
  const { store } = trading;
  const differences: Difference[] = [];
  const note = (difference: Difference) => {
    differences.push(difference);
    trading.log.warn({ ...difference }, `reconcile: ${difference.kind}`);
  };

  for (const { order, exchangeClientId } of store.active(account)) {
    const market = markets.forContract(order.contract);
    if (order.status === 'waiting') {
      const remote = await findByClientId(trading, client, exchangeClientId, market.ccxtSymbol);
      if (remote === 'unreachable') continue;
      if (remote === undefined) {
        const failed = {
          ...order,
          status: 'error-order' as const,
          version: order.version + 1,
          comment: 'never reached the exchange (found by reconciliation)',
        };
        store.save(failed);
        note({
          account,
          kind: 'intent-never-placed',
          client_oid: order.client_oid,
          exchange_oid: '',
          from: 'waiting',
          to: 'error-order',
        });
        continue;
      }
      const placed = mergeOrder(order, { status: 'open', ...remote }, trading.now());
      store.save(placed);
      note({
        account,
        kind: 'intent-placed',
        client_oid: order.client_oid,
        exchange_oid: placed.exchange_oid,
        from: 'waiting',
        to: placed.status,
      });
      continue;
    }
    const id = nativeOrderId(order.exchange_oid)?.id;
    if (!id) continue;
    const remote = await trading.fetchQuietly(client, id, market);
    if (!remote) continue;
    const merged = mergeOrder(order, remote, trading.now());
    if (merged.status !== order.status || merged.dealt_amount !== order.dealt_amount) {
      store.save(merged);
      note({
        account,
        kind: 'order-changed',
        client_oid: order.client_oid,
        exchange_oid: order.exchange_oid,
        from: order.status,
        to: merged.status,
      });
    }
  }

  // Open orders on the exchange that we have no record of (one query per contract: binance needs it).
  const contracts = [...new Set(store.orders(account, { limit: 10_000 }).map((o) => o.contract))];
  for (const contract of contracts) {
    const market = markets.forContract(contract);
    let open: CcxtOrderLike[];
    try {
      open = (await client.fetchOpenOrders(market.ccxtSymbol)) as CcxtOrderLike[];
    } catch (error) {
      trading.log.warn({ account, contract, error: String(error) }, 'reconcile: open orders unavailable');
      continue;
    }
    for (const remote of open) {
      if (store.byExchangeOid(account, `${contract}-${remote.id}`)) continue;
      const adopted = trading.adopt(account, contract, remote);
      note({
        account,
        kind: 'order-adopted',
        client_oid: adopted.order.client_oid,
        exchange_oid: adopted.order.exchange_oid,
        to: adopted.order.status,
      });
    }
  }

  for (const fill of await trading.syncFills(account, contracts)) {
    note({
      account,
      kind: 'fill-added',
      client_oid: fill.client_oid,
      exchange_oid: fill.exchange_oid,
      to: fill.exchange_tid,
    });
  }
  return differences;
}

/** The order with this client id on the exchange; undefined when it has none. */
async function findByClientId(
  trading: LiveTrading,
  client: Awaited<ReturnType<LiveTrading['client']>>,
  clientId: string,
  symbol: string,
): Promise<CcxtOrderLike | undefined | 'unreachable'> {
  const { profile } = trading;
  try {
    // Gate reads its `text` where the order id goes; OKX and Binance take the client id as a parameter.
    const order = profile.findByClientId
      ? await profile.findByClientId(client, clientId, symbol)
      : profile.ccxtId === 'gate'
        ? await client.fetchOrder(clientId, symbol)
        : await client.fetchOrder('', symbol, {
            [profile.ccxtId === 'okx' ? 'clOrdId' : 'origClientOrderId']: clientId,
          });
    return order as CcxtOrderLike;
  } catch (error) {
    if ((error as { constructor?: { name?: string } })?.constructor?.name === 'OrderNotFound')
      return undefined;
    trading.log.warn({ clientId, error: String(error) }, 'reconcile: order query failed; the intent stays');
    return 'unreachable';
  }
}
