import { CostExplorerClientConfig } from '@aws-sdk/client-cost-explorer';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { Config } from '@backstage/config';
import { AwsCostExplorerSource } from './AwsCostExplorerSource';
import { CommitmentOptions } from './commitments/CommitmentOptions';

/** The Cost Explorer client's configuration: region, endpoint and credentials of one entry. */
export function clientConfigOf(config: Config): CostExplorerClientConfig {
  const region = config.getOptionalString('region') ?? 'us-east-1';
  const endpoint = config.getOptionalString('endpoint');
  const keys = config.getOptionalConfig('credentials');
  // Static keys from config, else the default provider chain (environment, profile, SSO, web
  // identity, container and instance roles).
  const staticCredentials = keys
    ? {
        accessKeyId: keys.getString('accessKeyId'),
        secretAccessKey: keys.getString('secretAccessKey'),
        sessionToken: keys.getOptionalString('sessionToken'),
      }
    : undefined;
  const role = config.getOptionalConfig('assumeRole');
  const credentials = role
    ? fromTemporaryCredentials({
        params: {
          RoleArn: role.getString('roleArn'),
          ExternalId: role.getOptionalString('externalId'),
          RoleSessionName:
            role.getOptionalString('sessionName') ?? 'backstage-finops',
        },
        masterCredentials: staticCredentials,
        clientConfig: { region },
      })
    : staticCredentials;
  return {
    region,
    ...(endpoint ? { endpoint } : {}),
    ...(credentials ? { credentials } : {}),
  };
}

/** The AWS Cost Explorer sources of `finops.sources.aws`, one per entry (payer or linked account). */
export function createAwsSources(config: Config): AwsCostExplorerSource[] {
  const entries = config.getOptionalConfigArray('finops.sources.aws') ?? [];
  const keys = new Set<string>();
  return entries.map(entry => {
    const key = `aws:${entry.getString('key')}`;
    if (keys.has(key)) {
      throw new Error(`finops.sources.aws: the key '${key}' is used twice`);
    }
    keys.add(key);
    const retry = entry.getOptionalConfig('retry');
    const commitments = entry.getOptionalConfig('commitments');
    return new AwsCostExplorerSource({
      key,
      clientConfig: clientConfigOf(entry),
      accounts: entry.getOptionalConfigArray('accounts')?.map(account => ({
        id: account.getString('id'),
        name: account.getOptionalString('name'),
      })),
      tagKeys: entry.getOptionalStringArray('tagKeys'),
      domainKey: entry.getOptionalString('domain'),
      backfillMonths: entry.getOptionalNumber('months'),
      retry: {
        maxAttempts: retry?.getOptionalNumber('maxAttempts'),
        baseDelayMs: retry?.getOptionalNumber('baseDelayMs'),
      },
      commitments: {
        enabled: commitments?.getOptionalBoolean('enabled'),
        terms: commitments?.getOptionalStringArray('terms') as
          | CommitmentOptions['terms']
          | undefined,
        paymentOptions: commitments?.getOptionalStringArray(
          'paymentOptions',
        ) as CommitmentOptions['paymentOptions'] | undefined,
        lookback: commitments?.getOptionalString('lookback') as
          | CommitmentOptions['lookback']
          | undefined,
        reservationServices: commitments?.getOptionalStringArray(
          'reservationServices',
        ),
      },
    });
  });
}
