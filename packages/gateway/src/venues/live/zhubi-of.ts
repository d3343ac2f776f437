/**
 * Building a protocol `Zhubi` (reference §1.2: contract, price, amount in the base coin, taker side
 * `bs`, gateway `time` and `exchange_time`) from a normalised trade, in one place.
 */
import { Timestamp, type Zhubi } from '@ots/protocol';

export interface ZhubiFields {
  contract: string;
  price: number;
  amount: number;
  bs: 'b' | 's';
  /** The gateway's time, epoch milliseconds. */
  timeMs: number;
  /** The exchange's time, epoch milliseconds, when it sent one. */
  exchangeMs: number | undefined;
}

export function makeZhubi(fields: ZhubiFields): Zhubi {
  return {
    amount: fields.amount,
    bs: fields.bs,
    contract: fields.contract,
    exchange_time:
      fields.exchangeMs === undefined ? null : Timestamp.fromEpochMicros(fields.exchangeMs * 1000).toIso(),
    price: fields.price,
    time: Timestamp.fromEpochMicros(fields.timeMs * 1000).toIso(),
  } as unknown as Zhubi;
}
