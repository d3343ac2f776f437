/** The contracts the SDK bench streams (shared by its server and client processes). */
export const BENCH_CONTRACTS = Array.from({ length: 10 }, (_, i) => `bench/c${i}.usdt`);
