import type { ErrorBody } from '@docgate/protocol';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { ApiError } from '../errors.js';

/**
 * Every failure leaves as `{"error": {"code", "message", "details"?}}` (docs/api.md) with the
 * status that fits. Unexpected errors are logged with their stack and reach the client only as
 * `internal_error` with the request id, never as a stack trace.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    const send = (status: number, body: ErrorBody) => reply.status(status).send(body);
    if (error instanceof ApiError) {
      return send(error.statusCode, errorBody(error.code, error.message, error.details));
    }
    if (error.validation) {
      return send(
        400,
        errorBody('invalid_request', `${error.validationContext ?? 'request'}${error.message.replace(/^[a-z]+/, '')}`, {
          problems: error.validation.map((v) => ({
            where: `${error.validationContext ?? ''}${v.instancePath}`,
            message: v.message ?? 'is not valid',
          })),
        }),
      );
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(413, errorBody('payload_too_large', 'the request body is larger than this route accepts'));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(
          415,
          errorBody('unsupported_media_type', `this route does not accept ${request.headers['content-type'] ?? 'a body without a content type'}`),
        );
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return send(400, errorBody('invalid_json', 'the request body is not valid JSON'));
    }
    if (error instanceof SyntaxError && error.statusCode === 400) {
      return send(400, errorBody('invalid_json', 'the request body is not valid JSON'));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return send(status, errorBody(status === 404 ? 'not_found' : 'invalid_request', error.message));
    }
    request.log.error({ err: error }, 'request failed');
    return send(500, errorBody('internal_error', `internal error; the server log has the details (request ${request.id})`));
  });

  app.setNotFoundHandler((request, reply: FastifyReply) => {
    reply.status(404).send(errorBody('not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
  });
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return details === undefined ? { error: { code, message } } : { error: { code, message, details } };
}
