/**
 * Streams one contract's ticks from a running gateway, as the original SDK's quote example did.
 *
 *   npm start                                   # a gateway on http://127.0.0.1:8700 (sim market)
 *   npx tsx examples/quote.ts [contract]        # default sim/btc.usdt; OTS_URL names another gateway
 *
 * Ctrl-C stops it.
 */
import { OtsError, Quote } from '@ots/sdk';

const url = process.env.OTS_URL ?? 'http://127.0.0.1:8700';
const contract = process.argv[2] ?? 'sim/btc.usdt';

const quote = new Quote({ url });
// The connection reconnects by itself; these tell you when ticks may have been missed.
quote.on('disconnect', ({ reason }) => console.warn(`disconnected (${reason}); reconnecting...`));
quote.on('reconnect', () => console.warn('reconnected; subscriptions restored'));
quote.on('error', (error) => console.warn('error:', error instanceof Error ? error.message : error));
process.on('SIGINT', () => quote.close());

try {
  const spec = await quote.getContract(contract);
  console.log(`${spec.symbol}: price step ${spec.min_change}, amount step ${spec.unit_amount}`);
  // A tick of the contract as the gateway has it now, over REST.
  const last = await quote.getLastTick(contract).catch(() => undefined);
  if (last) console.log('last tick:', String(last));
  // Every tick from now on; the loop ends when the quote is closed (Ctrl-C).
  for await (const tick of quote.ticks(contract)) {
    console.log(`${tick.time.toISOString()} ${contract} bid ${tick.bid1} ask ${tick.ask1} last ${tick.last}`);
  }
} catch (error) {
  if (error instanceof OtsError) console.error(`${error.code}: ${error.message}`);
  else console.error(error);
  process.exitCode = 1;
} finally {
  quote.close();
}
