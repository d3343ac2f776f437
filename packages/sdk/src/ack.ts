import type { OtsError } from '@ots/protocol';

/** A subscription waiting for the server's answer: `acked` settles once, on the first `settle`. */
export interface PendingAck {
  /** Resolves when the server confirmed, rejects with the refusal; never rejects unobserved. */
  acked: Promise<void>;
  /** Confirms (no error) or refuses (an error); later calls are ignored, as the first answer wins. */
  settle: (error?: OtsError) => void;
}

/**
 * The acknowledgement of one subscription, shared by the quote and account sockets. `onConfirmed`
 * runs on confirmation, before `acked` resolves, so the owner can mark the subscription confirmed.
 */
export function pendingAck(onConfirmed: () => void): PendingAck {
  let settle!: (error?: OtsError) => void;
  const acked = new Promise<void>((resolve, reject) => {
    let settled = false;
    settle = (error) => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else {
        onConfirmed();
        resolve();
      }
    };
  });
  // Nobody may be awaiting `acked` (iterators); a refusal is delivered through the sinks instead.
  acked.catch(() => {});
  return { acked, settle };
}
