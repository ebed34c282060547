import {
  AuditorService,
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';

/** What every write route needs: who asks, may they, and the audit trail. */
export interface WriteContext {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}

/**
 * Runs a write: checks the permission, then does it inside an auditor event that records
 * success or failure. Returns what the action returns, with the caller's entity ref.
 */
export async function writeAction<T>(
  context: WriteContext,
  req: Request,
  options: {
    permission: BasicPermission;
    eventId: string;
    meta?: JsonObject;
  },
  action: (actorRef: string) => Promise<T>,
): Promise<T> {
  const credentials = await requirePermission(context, req, options.permission);
  return auditedWrite(context, req, credentials, options, action);
}

/**
 * Checks that the caller holds a write permission, without an auditor event: for what a write
 * would do but does not (a dry run). Answers the caller's credentials, or throws a 403.
 */
export async function requirePermission(
  context: Pick<WriteContext, 'httpAuth' | 'permissions'>,
  req: Request,
  permission: BasicPermission,
): Promise<
  BackstageCredentials<BackstageUserPrincipal | BackstageServicePrincipal>
> {
  const credentials = await context.httpAuth.credentials(req, {
    allow: ['user', 'service'],
  });
  const [decision] = await context.permissions.authorize([{ permission }], {
    credentials,
  });
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(`Not allowed: ${permission.name} is required`);
  }
  return credentials;
}

/**
 * Does an authorised write inside an auditor event that records success or failure; the action
 * gets the caller's entity ref (a user's, or a service's subject).
 */
export async function auditedWrite<T>(
  context: Pick<WriteContext, 'auditor'>,
  req: Request,
  credentials: BackstageCredentials<
    BackstageUserPrincipal | BackstageServicePrincipal
  >,
  options: { eventId: string; meta?: JsonObject },
  action: (actorRef: string) => Promise<T>,
): Promise<T> {
  const event = await context.auditor.createEvent({
    eventId: options.eventId,
    request: req,
    meta: options.meta,
  });
  try {
    const actorRef =
      credentials.principal.type === 'user'
        ? credentials.principal.userEntityRef
        : credentials.principal.subject;
    const result = await action(actorRef);
    await event.success();
    return result;
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}
