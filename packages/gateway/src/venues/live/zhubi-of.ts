/**
 * Building a protocol `Zhubi` (reference §1.2: contract, price, amount in the base coin, taker side
 * `bs`, gateway `time` and `exchange_time`, turnover in the money the protocol calls CNY).
 */
import { Timestamp, Zhubi } from '@ots/protocol';

export interface ZhubiFields {
  contract: string;
  price: number;
  amount: number;
  bs: 'b' | 's';
  /** The gateway's time, epoch milliseconds. */
  timeMs: number;
  /** The exchange's time, epoch milliseconds, when it sent one. */
  exchangeMs: number | undefined;
  /** Turnover valued in CNY, when the quote currency can be valued. */
  turnover: number | undefined;
}

export function makeZhubi(fields: ZhubiFields): Zhubi {
  return new Zhubi({
    time: Timestamp.fromEpochMicros(fields.timeMs * 1000),
    exchange_time:
      fields.exchangeMs === undefined ? null : Timestamp.fromEpochMicros(fields.exchangeMs * 1000),
    contract: fields.contract,
    price: fields.price,
    amount: fields.amount,
    bs: fields.bs,
    source: 'exchange',
    turnover: fields.turnover ?? null,
  });
}
