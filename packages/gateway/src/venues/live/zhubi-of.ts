/**
 * Building a protocol `Zhubi` (reference §1.2: contract, price, amount in the base coin, taker side
 * `bs`, gateway `time` and `exchange_time`, turnover in the money the protocol calls CNY).
 */
import type { Timestamp } from '@ots/protocol';
import { Zhubi } from '@ots/protocol';

export interface ZhubiFields {
  contract: string;
  price: number;
  amount: number;
  bs: 'b' | 's';
  /** The gateway's time (a trade batch shares one). */
  time: Timestamp;
  /** The exchange's time, when it sent one. */
  exchangeTime: Timestamp | null;
  /** Turnover valued in CNY, when the quote currency can be valued. */
  turnover: number | undefined;
}

export function makeZhubi(fields: ZhubiFields): Zhubi {
  return new Zhubi({
    time: fields.time,
    exchange_time: fields.exchangeTime,
    contract: fields.contract,
    price: fields.price,
    amount: fields.amount,
    bs: fields.bs,
    source: 'exchange',
    turnover: fields.turnover ?? null,
  });
}
