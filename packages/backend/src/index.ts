import { createBackend } from '@backstage/backend-defaults';
import { startEmbeddedPostgresUnlessConfigured } from './embeddedPostgres';
import { finopsPolicyModule } from './permissions/finopsPolicyModule';

async function main() {
  await startEmbeddedPostgresUnlessConfigured();

  const backend = createBackend();

  backend.add(import('@backstage/plugin-app-backend'));

  backend.add(import('@backstage/plugin-auth-backend'));
  backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

  backend.add(import('@backstage/plugin-catalog-backend'));
  backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

  backend.add(import('@backstage/plugin-permission-backend'));
  backend.add(finopsPolicyModule);

  backend.add(import('@backstage/plugin-user-settings-backend'));
  backend.add(import('@backstage/plugin-notifications-backend'));
  backend.add(import('@backstage/plugin-signals-backend'));

  backend.add(import('@finops-backstage/plugin-finops-backend'));
  backend.add(import('@finops-backstage/plugin-finops-backend-module-aws'));
  backend.add(import('@finops-backstage/plugin-finops-backend-module-azure'));
  backend.add(import('@finops-backstage/plugin-finops-backend-module-focus'));

  // The actions of `backend.actions.pluginSources` (FinOps) as MCP tools for AI assistants.
  backend.add(import('@backstage/plugin-mcp-actions-backend'));

  await backend.start();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
