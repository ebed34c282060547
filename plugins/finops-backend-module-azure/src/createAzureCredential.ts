import {
  ClientSecretCredential,
  DefaultAzureCredential,
  ManagedIdentityCredential,
  TokenCredential,
  TokenCredentialOptions,
} from '@azure/identity';

/** How a source signs in to Azure (config `finops.sources.azure[].credentials`). */
export interface AzureCredentialSettings {
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** Use the managed identity of the host; with `clientId`, that user-assigned identity. */
  managedIdentity?: boolean;
  /** The Microsoft Entra authority, for sovereign clouds (e.g. `https://login.chinacloudapi.cn`). */
  authorityHost?: string;
}

/**
 * A service principal's client secret when one is configured, the managed identity when asked,
 * otherwise DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI…).
 */
export function createAzureCredential(
  settings: AzureCredentialSettings = {},
  options: TokenCredentialOptions = {},
): TokenCredential {
  const { tenantId, clientId, clientSecret, managedIdentity, authorityHost } =
    settings;
  const common = {
    ...options,
    ...(authorityHost ? { authorityHost } : {}),
  };
  if (clientSecret !== undefined) {
    if (!tenantId || !clientId) {
      throw new Error(
        'Azure credentials: clientSecret needs tenantId and clientId',
      );
    }
    return new ClientSecretCredential(tenantId, clientId, clientSecret, common);
  }
  if (managedIdentity) {
    return clientId
      ? new ManagedIdentityCredential({ ...common, clientId })
      : new ManagedIdentityCredential(common);
  }
  return new DefaultAzureCredential({
    ...common,
    ...(tenantId ? { tenantId } : {}),
    ...(clientId ? { managedIdentityClientId: clientId } : {}),
  });
}
