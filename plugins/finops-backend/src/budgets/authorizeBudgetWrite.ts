import {
  AuditorService,
  HttpAuthService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';
import { auditedWrite } from '../service/writeAction';
import {
  BudgetResource,
  budgetPermissionResourceRef,
} from './budgetPermissionRules';

/** What budget writes need. */
export interface BudgetWriteContext {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  auditor: AuditorService;
}

/**
 * Runs a budget write: asks the policy for a (possibly conditional) decision, evaluates conditions
 * against each budget the write touches (before and after a change: an owner may not move a budget
 * out of their hands), then does the write inside an auditor event.
 */
export async function budgetWriteAction<T>(
  context: BudgetWriteContext,
  req: Request,
  options: {
    permission: ResourcePermission<'finops-budget'>;
    eventId: string;
    meta?: JsonObject;
    resources: BudgetResource[];
  },
  action: (actorRef: string) => Promise<T>,
): Promise<T> {
  const credentials = await context.httpAuth.credentials(req, {
    allow: ['user', 'service'],
  });
  const [decision] = await context.permissions.authorizeConditional(
    [{ permission: options.permission }],
    { credentials },
  );
  const authorize = createConditionAuthorizer(
    context.permissionsRegistry.getPermissionRuleset(
      budgetPermissionResourceRef,
    ),
  );
  if (!options.resources.every(resource => authorize(decision, resource))) {
    throw new NotAllowedError(
      decision.result === AuthorizeResult.CONDITIONAL
        ? `Not allowed: ${options.permission.name} is granted for budgets of entities you own`
        : `Not allowed: ${options.permission.name} is required`,
    );
  }
  return auditedWrite(context, req, credentials, options, action);
}
