/**
 * Product families, matched in order on `<service> <usage type>`; the same family keys as the
 * demo source (compute, storage, database, serverless, network, tax, support, …), `other` otherwise.
 */
const FAMILIES: Array<[family: string, pattern: RegExp]> = [
  ['tax', /^Tax\b/i],
  ['support', /\bSupport\b/i],
  ['commitment', /Savings ?Plans?|HeavyUsage|Reserv(ed|ation)/i],
  [
    'network',
    /DataTransfer|NatGateway|LoadBalancer|LCUUsage|CloudFront|Route ?53|VPC|VpcEndpoint|Direct ?Connect|Transit ?Gateway|Bytes\b/i,
  ],
  [
    'storage',
    /Simple Storage Service|\bS3\b|EBS:|Elastic Block Store|Elastic File System|\bEFS\b|Glacier|Backup|TimedStorage|SnapshotUsage/i,
  ],
  [
    'database',
    /Relational Database|\bRDS\b|DynamoDB|ElastiCache|Redshift|DocumentDB|Neptune|Aurora|Keyspaces|MemoryDB/i,
  ],
  ['serverless', /Lambda|Step Functions|API Gateway|Fargate/i],
  [
    'compute',
    /Elastic Compute Cloud|\bEC2\b|BoxUsage|SpotUsage|DedicatedUsage|Elastic Container|Kubernetes|\bEKS\b|\bECS\b|Lightsail|Batch/i,
  ],
];

/** The family key of a Cost Explorer service and usage type. */
export function productFamily(service: string, usageType: string): string {
  const text = `${service} ${usageType}`;
  for (const [family, pattern] of FAMILIES) {
    if (pattern.test(text)) {
      return family;
    }
  }
  return 'other';
}
