import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { DirectoryError } from '../internal/directory.js';
import type { MockState } from '../internal/state.js';
import type { WecomMock } from '../mock.js';

interface AdminOptions {
  state: MockState;
  mock: WecomMock;
}

const stringList = { type: 'array', items: { type: 'string' } } as const;
const idList = { type: 'array', items: { type: 'integer' } } as const;
const userProperties = {
  userid: { type: 'string' },
  name: { type: 'string' },
  department: idList,
  order: idList,
  position: { type: 'string' },
  mobile: { type: 'string' },
  gender: { type: 'string', enum: ['0', '1', '2'] },
  email: { type: 'string' },
  biz_mail: { type: 'string' },
  is_leader_in_dept: idList,
  direct_leader: stringList,
  avatar: { type: 'string' },
  thumb_avatar: { type: 'string' },
  telephone: { type: 'string' },
  alias: { type: 'string' },
  address: { type: 'string' },
  open_userid: { type: 'string' },
  main_department: { type: 'integer' },
  extattr: { type: 'object', properties: { attrs: { type: 'array', items: { type: 'object' } } } },
  status: { type: 'integer', enum: [1, 2, 4, 5] },
  qr_code: { type: 'string' },
  external_position: { type: 'string' },
} as const;
const rangeSchema = {
  anyOf: [
    { type: 'null' },
    { type: 'object', additionalProperties: false, properties: { departments: idList, users: stringList, tags: idList } },
  ],
} as const;

/**
 * /__mock: the admin console of the simulated corp, for the demo and curl. Every directory
 * change goes through the WecomMock methods, so it sends its callback like the methods do.
 */
export const adminRoutes: FastifyPluginAsync<AdminOptions> = async (admin: FastifyInstance, { state, mock }) => {
  admin.setErrorHandler((error, _request, reply) => {
    if (error instanceof DirectoryError) {
      const code = error.status === 404 ? 'not_found' : error.status === 409 ? 'conflict' : 'bad_request';
      return reply.code(error.status).send({ error: code, message: error.message });
    }
    const status = error instanceof TypeError || error instanceof RangeError ? 400 : (error as { statusCode?: number }).statusCode ?? 500;
    return reply.code(status).send({ error: status < 500 ? 'bad_request' : 'internal', message: (error as Error).message });
  });

  admin.get('/state', async () => ({
    url: mock.url,
    corp: mock.corp,
    counts: {
      departments: state.directory.organisation.departments.length,
      users: state.directory.organisation.users.length,
      activeUsers: state.directory.organisation.users.filter((u) => u.status === 1).length,
      tags: state.directory.organisation.tags.length,
    },
    visibleRange: state.directory.visibleRange,
    trustedDomains: state.settings.trustedDomains,
    trustedIps: state.settings.trustedIps,
    fieldRestrictions: state.settings.fieldRestrictions,
    callback: state.callbacks.current ? { url: state.callbacks.current.url, reduced: state.callbacks.current.reduced === true } : null,
  }));

  admin.post('/users', {
    schema: { body: { type: 'object', required: ['userid', 'name', 'department'], additionalProperties: false, properties: userProperties } },
    handler: async (request, reply) => {
      await mock.createUser(request.body as Parameters<WecomMock['createUser']>[0]);
      return reply.code(201).send({ ok: true });
    },
  });
  admin.patch('/users/:userid', {
    schema: { body: { type: 'object', additionalProperties: false, properties: { ...userProperties, new_userid: { type: 'string' } } } },
    handler: async (request) => {
      await mock.updateUser((request.params as { userid: string }).userid, request.body as Parameters<WecomMock['updateUser']>[1]);
      return { ok: true };
    },
  });
  admin.delete('/users/:userid', async (request) => {
    await mock.deleteUser((request.params as { userid: string }).userid);
    return { ok: true };
  });

  const departmentProperties = { id: { type: 'integer' }, name: { type: 'string' }, name_en: { type: 'string' }, parentid: { type: 'integer' }, order: { type: 'integer' } } as const;
  const departmentParams = { type: 'object', properties: { id: { type: 'integer' } } } as const;
  admin.post('/departments', {
    schema: { body: { type: 'object', required: ['name', 'parentid'], additionalProperties: false, properties: departmentProperties } },
    handler: async (request, reply) => reply.code(201).send({ id: await mock.createDepartment(request.body as Parameters<WecomMock['createDepartment']>[0]) }),
  });
  admin.patch('/departments/:id', {
    schema: {
      params: departmentParams,
      body: { type: 'object', additionalProperties: false, properties: { name: { type: 'string' }, name_en: { type: 'string' }, parentid: { type: 'integer' }, order: { type: 'integer' } } },
    },
    handler: async (request) => {
      await mock.updateDepartment((request.params as { id: number }).id, request.body as Parameters<WecomMock['updateDepartment']>[1]);
      return { ok: true };
    },
  });
  admin.delete('/departments/:id', { schema: { params: departmentParams } }, async (request) => {
    await mock.deleteDepartment((request.params as { id: number }).id);
    return { ok: true };
  });

  admin.post('/tags', {
    schema: { body: { type: 'object', required: ['tagname'], additionalProperties: false, properties: { tagid: { type: 'integer' }, tagname: { type: 'string' } } } },
    handler: async (request, reply) => reply.code(201).send({ tagid: await mock.createTag(request.body as { tagid?: number; tagname: string }) }),
  });
  admin.patch('/tags/:tagid', {
    schema: {
      params: { type: 'object', properties: { tagid: { type: 'integer' } } },
      body: {
        type: 'object',
        additionalProperties: false,
        properties: { tagname: { type: 'string' }, addUsers: stringList, delUsers: stringList, addParties: idList, delParties: idList },
      },
    },
    handler: async (request) => {
      await mock.updateTag((request.params as { tagid: number }).tagid, request.body as Parameters<WecomMock['updateTag']>[1]);
      return { ok: true };
    },
  });

  admin.post('/tokens/revoke', {
    schema: { body: { type: 'object', additionalProperties: false, properties: { which: { type: 'string', enum: ['app', 'contacts', 'all'] } } } },
    handler: async (request) => {
      mock.revokeTokens((request.body as { which?: 'app' | 'contacts' | 'all' } | undefined)?.which ?? 'all');
      return { ok: true };
    },
  });

  admin.post('/faults', {
    schema: {
      body: {
        type: 'object',
        required: ['path'],
        additionalProperties: false,
        properties: {
          path: { type: 'string' },
          errcode: { type: 'integer' },
          status: { type: 'integer' },
          delayMs: { type: 'number', minimum: 0 },
          // JSON has no Infinity: null means until cleared
          times: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }] },
        },
      },
    },
    handler: async (request, reply) => {
      const { times, ...fault } = request.body as { path: string; errcode?: number; status?: number; delayMs?: number; times?: number | null };
      mock.injectFault({ ...fault, times: times === null ? Infinity : times ?? 1 });
      return reply.code(201).send({ ok: true });
    },
  });
  admin.delete('/faults', async () => {
    mock.clearFaults();
    return { ok: true };
  });

  admin.put('/callback', {
    schema: {
      body: {
        anyOf: [
          { type: 'null' },
          {
            type: 'object',
            required: ['url', 'token', 'encodingAESKey'],
            additionalProperties: false,
            properties: {
              url: { type: 'string' },
              token: { type: 'string' },
              encodingAESKey: { type: 'string' },
              reduced: { type: 'boolean' },
              retryDelaysMs: { type: 'array', items: { type: 'number', minimum: 0 } },
              timeoutMs: { type: 'number', exclusiveMinimum: 0 },
            },
          },
        ],
      },
    },
    handler: async (request) => mock.setCallback((request.body ?? null) as Parameters<WecomMock['setCallback']>[0]),
  });

  admin.put('/visible-range', { schema: { body: rangeSchema } }, async (request) => {
    mock.setVisibleRange((request.body ?? null) as Parameters<WecomMock['setVisibleRange']>[0]);
    return { ok: true };
  });
  admin.put('/trusted-domains', { schema: { body: { type: 'object', required: ['domains'], properties: { domains: stringList } } } }, async (request) => {
    mock.setTrustedDomains((request.body as { domains: string[] }).domains);
    return { ok: true };
  });
  admin.put('/trusted-ips', {
    schema: { body: { type: 'object', required: ['ips'], properties: { ips: { anyOf: [stringList, { type: 'null' }] } } } },
    handler: async (request) => {
      mock.setTrustedIps((request.body as { ips: string[] | null }).ips);
      return { ok: true };
    },
  });
  admin.put('/field-restrictions', { schema: { body: { type: 'object', required: ['on'], properties: { on: { type: 'boolean' } } } } }, async (request) => {
    mock.setFieldRestrictions((request.body as { on: boolean }).on);
    return { ok: true };
  });

  admin.get('/calls', async () => mock.calls());
  admin.delete('/calls', async () => {
    mock.resetCalls();
    return { ok: true };
  });
  admin.get('/deliveries', async () => mock.deliveries());
};
