/**
 * Trades on one account through a running gateway, as the original SDK's account example did: asks
 * for the API key and secret, then shows the account info, places an order far from the market,
 * lists it, amends it and cancels it, printing the order updates the account websocket pushes.
 *
 *   npm start                                    # the gateway; its first start funds sim/demo and
 *                                                # writes a key for it to ~/.ots/profile.json
 *   npx tsx examples/account.ts [account]        # default sim/demo; paste that key and secret
 *
 * For an account of your own: `npx ots accounts create sim/alice --deposit usdt=100000`, then
 * `npx ots keys create --accounts sim/alice` (prints the key and secret once).
 * OTS_URL names another gateway; OTS_API_KEY / OTS_API_SECRET skip the questions.
 */
import { createInterface } from 'node:readline/promises';
import { Account, OtsError, Quote } from '@ots/sdk';

const url = process.env.OTS_URL ?? 'http://127.0.0.1:8700';
const symbol = process.argv[2] ?? 'sim/demo';
const contract = 'sim/btc.usdt';

/** Asks in the console, as the original example did, unless the environment has the answers. */
async function credentials(): Promise<{ apiKey: string; apiSecret: string }> {
  const { OTS_API_KEY, OTS_API_SECRET } = process.env;
  if (OTS_API_KEY && OTS_API_SECRET) return { apiKey: OTS_API_KEY, apiSecret: OTS_API_SECRET };
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  // Reading lines from the iterator (not rl.question) also works when the answers are piped in.
  const lines = rl[Symbol.asyncIterator]();
  const ask = async (prompt: string) => {
    process.stdout.write(prompt);
    const line = await lines.next();
    return line.done ? '' : String(line.value).trim();
  };
  try {
    return { apiKey: await ask('api key: '), apiSecret: await ask('api secret: ') };
  } finally {
    rl.close();
  }
}

const { apiKey, apiSecret } = await credentials();
const account = new Account(symbol, { url, apiKey, apiSecret });

try {
  const info = await account.getInfo();
  console.log(
    `balance ${info.balance}, usdt ${info.getTotalAmount('usdt')}, btc ${info.getTotalAmount('btc')}`,
  );

  await account.subscribeOrders((orders, type) => {
    for (const order of orders) {
      console.log(
        `  [${type}] ${order.client_oid} ${order.status} ${order.entrust_amount} @ ${order.entrust_price}`,
      );
    }
  });

  // Far below the market so that it rests: half the best bid, on the contract's price step.
  const quote = new Quote({ url });
  const step = (await quote.getContract(contract)).min_change;
  const bid = (await quote.getLastTick(contract)).bid1 ?? 20000;
  quote.close();
  const price = Number((Math.round(bid / 2 / step) * step).toFixed(8));

  const placed = await account.placeOrder(contract, price, 'b', 0.001);
  console.log('placed', placed);
  console.log(
    'pending:',
    (await account.getPendingList()).map((o) => `${o.client_oid} ${o.status}`),
  );
  console.log('amended', await account.amendOrderUseClientOid(placed.client_oid, price - step, 0.002));
  const [order] = await account.getOrderUseClientOid(placed.client_oid);
  console.log(`now ${order.entrust_amount} @ ${order.entrust_price}`);
  console.log('cancelled', await account.cancelUseClientOid(placed.client_oid));
  const [final] = await account.getOrderUseExchangeOid(placed.exchange_oid);
  console.log('final status:', final.status);
} catch (error) {
  if (error instanceof OtsError) console.error(`${error.code} (HTTP ${error.status}): ${error.message}`);
  else console.error(error);
  process.exitCode = 1;
} finally {
  // Give the last order push a moment to arrive before closing the websocket.
  await new Promise((resolve) => setTimeout(resolve, 300));
  account.close();
}
