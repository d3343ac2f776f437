import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { hmacSha256Hex } from '../src/auth/hmac.js';

test('hmacSha256Hex equals HMAC-SHA256 for short, block-sized, long and non-ASCII secrets and bodies', () => {
  const secrets = ['a', 'secret', 'x'.repeat(63), 'x'.repeat(64), 'y'.repeat(65), 'é漢字🙂'.repeat(20)];
  const messages = ['', 'GET/sim/alice/info1', 'POST/sim/alice/orders1{"client_oid":"é"}', 'z'.repeat(1000)];
  for (const secret of secrets) {
    for (const message of messages) {
      // Twice: the second call uses the pads prepared by the first.
      for (let i = 0; i < 2; i++) {
        assert.equal(
          hmacSha256Hex(secret, message),
          createHmac('sha256', secret).update(message).digest('hex'),
          `secret of ${secret.length} chars, message of ${message.length}`,
        );
      }
    }
  }
});
