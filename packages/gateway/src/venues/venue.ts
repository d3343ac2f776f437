/**
 * The venue interface: what every source of markets and orders implements. `sim` (the engine and
 * its synthetic market) implements it first; live exchanges (ccxt), paper accounts (`mock-*`) and
 * replayed recordings implement it later. A venue never knows about HTTP or websockets: it
 * publishes ticks and trades on the bus and answers trade calls with protocol objects.
 */
import type { ContractSpec, DealtTrans, InfoData, Order, Side, Tick, Zhubi } from '@ots/protocol';

/**
 * Market data a venue publishes; the gateway puts it on the bus (`tick.<exchange>.<pair>`,
 * `zhubi.<exchange>.<pair>`), where the quote hub and the store take it.
 */
export interface MarketDataSink {
  /** A tick with its `contract` set; `amount` (turnover) in CNY as the valuation config says, or null. */
  tick(tick: Tick): void;
  /** Trades in time order (of one or more contracts), as soon as the venue knows them. */
  zhubi(trades: Zhubi[]): void;
}

export interface PlaceOrderRequest {
  contract: string;
  bs: Side;
  price: number;
  amount: number;
  client_oid: string;
  options: Record<string, unknown>;
  tags: Record<string, unknown>;
}

export interface OrderQuery {
  /** Statuses to include (already expanded from groups); undefined means the active ones. */
  statuses?: readonly string[];
  contract?: string;
  client_oids?: readonly string[];
  exchange_oids?: readonly string[];
  limit?: number;
  /** Opaque pagination cursor from a previous page. */
  before?: string;
}

/** Trading on one account of a venue. Errors are thrown as `OtsError` with the protocol's codes. */
export interface VenueTrading {
  placeOrder(account: string, request: PlaceOrderRequest): Promise<Order>;
  cancelOrder(account: string, exchange_oid: string): Promise<Order>;
  amendOrder(
    account: string,
    exchange_oid: string,
    change: { price?: number; amount?: number },
  ): Promise<Order>;
  orders(account: string, query: OrderQuery): Promise<Order[]>;
  fills(
    account: string,
    query: { contract?: string; limit?: number; before?: string },
  ): Promise<DealtTrans[]>;
  info(account: string): Promise<InfoData>;
}

/** A change of a live venue's exchange feed: down, back up, or one contract's book rebuilt. */
export interface VenueStatusEvent {
  exchange: string;
  state: 'disconnected' | 'connected' | 'book-reset';
  /** The contract, for `book-reset`. */
  contract?: string;
  reason: string;
}

export interface Venue {
  /** The exchange code of the protocol: `sim`, `okex`, `gate`, ... */
  readonly exchange: string;
  /** Starts the market data (and connections); resolves once contracts are known. */
  start(sink: MarketDataSink): Promise<void>;
  stop(): Promise<void>;
  contracts(): ContractSpec[];
  /** Present when the venue can trade. */
  readonly trading?: VenueTrading;
  /** False while a live venue's exchange feed is down (reconnecting); absent means always up. */
  readonly connected?: boolean;
  /**
   * Live venues: calls `listener` on every feed status change until the returned function is called.
   * Absent on venues whose feed cannot go down (sim, manual).
   */
  watchStatus?(listener: (event: VenueStatusEvent) => void): () => void;
}
