/**
 * A promise with its settle functions, for a commit that many callers wait on: one promise per
 * group commit, not one per request. (`Promise.withResolvers` does this from Node 22; the project
 * supports Node 20.)
 */
export interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
