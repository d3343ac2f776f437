/**
 * One place where every HTTP failure becomes the protocol's `{"code", "message"}`: our own
 * `OtsError`s, fastify's body parser and schema errors, oversized bodies and unknown routes.
 */
import { OtsError } from '@ots/protocol';
import type { FastifyError, FastifyInstance } from 'fastify';

/** Maps any error thrown in a route to the protocol's error. */
export function toOtsError(err: unknown): OtsError {
  if (err instanceof OtsError) return err;
  const e = err as FastifyError;
  if (e?.validation) {
    return new OtsError(
      'invalid-param',
      `${e.validationContext ?? 'request'} ${e.message.replace(/^\w+\/?/, '')}`.trim(),
    );
  }
  switch (e?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new OtsError('payload-too-large', 'request body is over the size limit');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new OtsError('invalid-param', `request body is not valid JSON: ${e.message}`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new OtsError('invalid-param', `${e.message}; expected Content-Type: application/json`);
  }
  if (e instanceof SyntaxError)
    return new OtsError('invalid-param', `request body is not valid JSON: ${e.message}`);
  const status = typeof e?.statusCode === 'number' ? e.statusCode : 500;
  if (status === 404) return new OtsError('not-found', e.message);
  if (status === 413) return new OtsError('payload-too-large', e.message);
  if (status >= 400 && status < 500) return new OtsError('invalid-param', e.message, { status });
  return new OtsError('unexpected-error', 'internal error; see the gateway log');
}

export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const ots = toOtsError(err);
    if (ots.status >= 500) request.log.error({ err }, 'request failed');
    return reply.status(ots.status).send(ots.toJSON());
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    return reply
      .status(404)
      .send(
        new OtsError('not-found', `no endpoint ${request.method} ${path}; see docs/protocol.md`).toJSON(),
      );
  });
}
