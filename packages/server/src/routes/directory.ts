import {
  DepartmentsResponse,
  ErrorBody,
  ImportQuery,
  ImportResult,
  TagsResponse,
  UsersQuery,
  UsersResponse,
} from '@docgate/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { importMembersCsv } from '../directory/import.js';
import { subtreeIds } from '../directory/tree.js';
import { ApiError } from '../errors.js';
import { decodeCursor, encodeCursor, isAfterCursor } from '../lib/cursor.js';
import { authenticator, directoryReaderGuard, identityOf, tenantAdminGuard } from '../plugins/authenticate.js';
import type { Services } from '../services.js';
import { departmentsOf, listDepartments, listTags, searchMembers } from '../store/directory.js';

/** Content types a CSV upload arrives with; Windows browsers label .csv files as Excel. */
const CSV_TYPES = ['text/csv', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream'];

/** The directory: read by admins (docs/api.md, "Directory"), filled by import and sync. */
export const directoryRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const { config, database } = services;
  const db = database.db;
  // onRequest, before the body is read: nobody but an admin gets to make us buffer an upload.
  app.addHook('onRequest', authenticator(services.tokens));
  const readers = { onRequest: directoryReaderGuard(services) };
  const admins = { onRequest: tenantAdminGuard(config, database) };
  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

  app.get('/v1/directory/departments', { ...readers, schema: { response: { 200: DepartmentsResponse, ...errors } } }, async (request) => {
    const departments = await listDepartments(db, identityOf(request).tenantId);
    return { departments };
  });

  app.get(
    '/v1/directory/users',
    { ...readers, schema: { querystring: UsersQuery, response: { 200: UsersResponse, ...errors } } },
    async (request) => {
      const { tenantId } = identityOf(request);
      const { q, dept, recursive, status, cursor, limit } = request.query;
      let departmentIds: number[] | undefined;
      if (dept !== undefined) {
        const departments = await listDepartments(db, tenantId);
        if (!departments.some((d) => d.id === dept)) throw new ApiError('not_found', `no department ${dept}`);
        departmentIds = recursive ? subtreeIds(departments, dept) : [dept];
      }
      const after = cursor === undefined ? undefined : decodeCursor(cursor, isAfterCursor).after;
      const page = await searchMembers(db, tenantId, {
        q: q?.trim().toLowerCase() || undefined,
        departmentIds,
        status: status ?? 'active',
        after,
        limit: limit ?? 50,
      });
      const departments = await departmentsOf(db, tenantId, page.members.map((m) => m.userid));
      const last = page.members.at(-1);
      return {
        users: page.members.map((m) => ({
          id: m.userid,
          name: m.name,
          departments: departments.get(m.userid) ?? [],
          mainDepartment: m.mainDepartment,
          position: m.position,
          status: m.status,
        })),
        next_cursor: page.more && last ? encodeCursor({ after: last.userid }) : null,
      };
    },
  );

  app.get('/v1/directory/tags', { ...readers, schema: { response: { 200: TagsResponse, ...errors } } }, async (request) => {
    const tags = await listTags(db, identityOf(request).tenantId);
    return { tags };
  });

  // The import takes the raw bytes: the encoding (UTF-8, GBK, UTF-16) is found from them.
  app.addContentTypeParser(CSV_TYPES, { parseAs: 'buffer', bodyLimit: config.importLimitBytes }, (_request, body, done) =>
    done(null, body),
  );
  app.post(
    '/v1/directory/import',
    {
      ...admins,
      bodyLimit: config.importLimitBytes,
      schema: { querystring: ImportQuery, response: { 200: ImportResult, ...errors, 413: ErrorBody, 415: ErrorBody } },
    },
    async (request) => {
      const { tenantId, userid } = identityOf(request);
      if (!Buffer.isBuffer(request.body)) {
        throw new ApiError('unsupported_media_type', `send the file as text/csv (got ${request.headers['content-type'] ?? 'no content type'})`);
      }
      const tenant = config.tenants.find((t) => t.id === tenantId)!;
      const result = await importMembersCsv(database, request.body, {
        tenantId,
        companyName: tenant.name,
        mode: request.query.mode ?? 'merge',
        dryRun: request.query.dryRun ?? false,
        actor: userid,
      });
      // Leavers lose access with the next check, not after the cache's revalidation delay.
      services.permissions.changed(tenantId);
      return result;
    },
  );
};
