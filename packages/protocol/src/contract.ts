/** A contract specification as `/basic/contracts` serves it (reference §1.4). */
export interface ContractSpec {
  /** `{exchange}/{name}`, e.g. `sim/btc.usdt`. */
  symbol: string;
  exchange: string;
  /** `{base}.{quote}[.{delivery}]`. */
  name: string;
  /** Price tick. */
  min_change: number;
  /** Smallest order quantity. */
  min_amount: number;
  /** Quantity step. */
  unit_amount: number;
  /** Smallest price * amount; 0 when the venue has none. */
  min_notional: number;
  alias: string;
  category: string;
  first_day: string | null;
  last_day: string | null;
  exec_price: number | null;
  currency: string | null;
  id: number | null;
}

/** Fills in the defaults of the original `Contract` class for the keys a venue does not know. */
export function contractSpec(
  fields: Pick<ContractSpec, 'exchange' | 'name'> & Partial<Omit<ContractSpec, 'symbol'>>,
): ContractSpec {
  return {
    symbol: `${fields.exchange}/${fields.name}`,
    exchange: fields.exchange,
    name: fields.name,
    min_change: fields.min_change ?? 0.001,
    min_amount: fields.min_amount ?? 1,
    unit_amount: fields.unit_amount ?? 1,
    min_notional: fields.min_notional ?? 0,
    alias: fields.alias ?? '',
    category: fields.category ?? 'XTC',
    first_day: fields.first_day ?? null,
    last_day: fields.last_day ?? null,
    exec_price: fields.exec_price ?? null,
    currency: fields.currency ?? null,
    id: fields.id ?? null,
  };
}
