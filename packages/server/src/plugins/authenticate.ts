import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Identity, TokenService } from '../auth/tokens.js';
import { ApiError } from '../errors.js';
import { getMember } from '../store/directory.js';
import { managesSomething } from '../permissions/engine.js';
import type { Services } from '../services.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** set by `authenticate`; identity comes only from a verified token */
    identity: Identity | null;
  }
}

/**
 * Reads and verifies the bearer token; the request's identity comes from nowhere else. A token
 * verified before is answered without a promise (this runs on every API request).
 */
export function authenticator(tokens: TokenService) {
  return function authenticate(request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void {
    const header = request.headers.authorization;
    const match = header && /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      done(new ApiError('token_missing', 'send an access token as "Authorization: Bearer <token>"'));
      return;
    }
    try {
      const known = tokens.verifiedIdentity(match[1]!);
      if (known) {
        request.identity = known;
        done();
        return;
      }
    } catch (error) {
      done(error as Error);
      return;
    }
    tokens.verifyAccessToken(match[1]!).then(
      (identity) => {
        request.identity = identity;
        done();
      },
      (error: Error) => done(error),
    );
  };
}

/** The request's verified identity; call only after `authenticate`. */
export function identityOf(request: FastifyRequest): Identity {
  if (!request.identity) throw new ApiError('token_missing', 'send an access token as "Authorization: Bearer <token>"');
  return request.identity;
}

/**
 * Tenant admins are named in the configuration. An admin who has been disabled or has left
 * the directory is an admin no more.
 */
export function tenantAdminGuard(config: Config, database: Database) {
  return async function requireTenantAdmin(request: FastifyRequest): Promise<void> {
    const identity = identityOf(request);
    const tenant = config.tenants.find((t) => t.id === identity.tenantId);
    if (!tenant?.admins.includes(identity.userid)) {
      throw new ApiError('admin_required', 'only an admin of this tenant may do this');
    }
    const member = await getMember(database.db, identity.tenantId, identity.userid);
    if (member && member.status !== 'active') {
      throw new ApiError('user_inactive', `the account "${identity.userid}" is ${member.status}`);
    }
  };
}

/**
 * Who may read the directory: tenant admins, and anyone who manages something (a site admin,
 * or a member with `manage` on some folder), since granting means picking people, departments
 * and tags.
 */
export function directoryReaderGuard(services: Services) {
  const requireTenantAdmin = tenantAdminGuard(services.config, services.database);
  return async function requireDirectoryReader(request: FastifyRequest): Promise<void> {
    const identity = identityOf(request);
    const model = await services.permissions.model(identity.tenantId);
    if (managesSomething(model, identity.userid, Date.now())) return;
    try {
      await requireTenantAdmin(request);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'admin_required') {
        throw new ApiError('admin_required', 'only admins and people who manage documents may read the directory');
      }
      throw error;
    }
  };
}
