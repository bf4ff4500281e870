import { decrypt, getSignature } from '@wecom/crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { TenantConfig } from '../config.js';
import { ApiError } from '../errors.js';
import { readFlatXml } from '../lib/flat-xml.js';
import type { Services } from '../services.js';
import { applyContactEvent } from '../wecom/contact-events.js';

const Signed = Type.Object({
  msg_signature: Type.String({ minLength: 40, maxLength: 40 }),
  timestamp: Type.String({ minLength: 1, maxLength: 20 }),
  nonce: Type.String({ minLength: 1, maxLength: 64 }),
  echostr: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
});

/**
 * WeCom's change callbacks (通讯录变更, wecom.md): the URL check (GET) and the events (POST),
 * for every tenant whose callback Token and EncodingAESKey are set. The tenant is the one whose
 * Token makes the signature match (GET) or whose corpid the envelope names (POST); the
 * decrypted message must name that corp (receiveid). Crypto by @wecom/crypto.
 */
export const wecomCallbackRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const tenants = () => services.config.tenants.filter((t) => t.wecom.callbackToken && t.wecom.callbackAesKey);
  app.addContentTypeParser(['text/xml', 'application/xml'], { parseAs: 'string', bodyLimit: 256 * 1024 }, (_request, body, done) => done(null, body));

  /** The message, when the signature is the tenant's and the message names the tenant's corp. */
  const open = (tenant: TenantConfig, query: { msg_signature: string; timestamp: string; nonce: string }, encrypted: string): string | null => {
    if (getSignature(tenant.wecom.callbackToken!, query.timestamp, query.nonce, encrypted) !== query.msg_signature) return null;
    let opened: { message: string; id: string };
    try {
      opened = decrypt(tenant.wecom.callbackAesKey!, encrypted);
    } catch {
      throw new ApiError('invalid_signature', 'the message does not decrypt with this EncodingAESKey');
    }
    if (opened.id !== tenant.corpId) throw new ApiError('invalid_signature', 'the message is for another corp (receiveid)');
    return opened.message;
  };

  // WeCom proves the trusted domain by fetching WW_verify_<id>.txt from its root.
  const verificationFiles = new Map(
    services.config.tenants.flatMap((t) => (t.wecom.domainVerification ? [[t.wecom.domainVerification.file, t.wecom.domainVerification.content] as const] : [])),
  );
  if (verificationFiles.size) {
    app.get<{ Params: { file: string } }>('/:file', async (request, reply) => {
      const content = verificationFiles.get(request.params.file);
      if (content === undefined) throw new ApiError('not_found', `no route GET /${request.params.file}`);
      return reply.type('text/plain; charset=utf-8').send(content);
    });
  }

  app.get('/v1/wecom/callback', { schema: { querystring: Signed } }, async (request, reply) => {
    const { echostr, ...query } = request.query;
    if (!echostr) throw new ApiError('invalid_request', 'the URL check needs echostr');
    for (const tenant of tenants()) {
      const message = open(tenant, query, echostr);
      // WeCom expects the plain message back within a second: no quotes, no newline.
      if (message !== null) return reply.type('text/plain; charset=utf-8').send(message);
    }
    throw new ApiError('invalid_signature', 'the signature matches no tenant’s callback Token');
  });

  app.post('/v1/wecom/callback', { schema: { querystring: Signed } }, async (request, reply) => {
    if (typeof request.body !== 'string') throw new ApiError('unsupported_media_type', 'WeCom sends callbacks as XML');
    const envelope = readFlatXml(request.body);
    if (!envelope.Encrypt) throw new ApiError('invalid_request', 'the callback has no <Encrypt>');
    const tenant = tenants().find((t) => t.corpId === envelope.ToUserName);
    const message = tenant && open(tenant, request.query, envelope.Encrypt);
    if (!tenant || message === null || message === undefined) throw new ApiError('invalid_signature', 'the signature does not verify');
    const event = readFlatXml(message);
    if (event.Event !== 'change_contact') return reply.status(200).send('');
    try {
      await applyContactEvent(services, tenant.id, services.wecom.for(tenant.id), event, message);
    } catch (error) {
      // Not applied: WeCom retries (three times) when the answer is not 200.
      request.log.warn({ err: error, changeType: event.ChangeType }, 'a WeCom change callback could not be applied');
      throw new ApiError('wecom_unavailable', 'the change could not be applied now; WeCom will retry');
    }
    return reply.status(200).send('');
  });
};
