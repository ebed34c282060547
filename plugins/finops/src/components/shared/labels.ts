/**
 * Display names for the keys of the dimensions (domains, families, categories, clouds, services).
 * The key itself stays in tooltips, the CSV exports and the API.
 */

/** AWS service codes whose name is not just the code split into words. */
const SERVICE_NAMES: Record<string, string> = {
  AmazonCloudWatch: 'Amazon CloudWatch',
  AmazonDynamoDB: 'Amazon DynamoDB',
  AmazonElastiCache: 'Amazon ElastiCache',
  AmazonRoute53: 'Amazon Route 53',
  AWSELB: 'Elastic Load Balancing',
  AWSSupportBusiness: 'AWS Support (Business)',
  AWSSupportEnterprise: 'AWS Support (Enterprise)',
  AWSSupportDeveloper: 'AWS Support (Developer)',
  AWSDataTransfer: 'AWS Data Transfer',
};

/** Display names of the clouds. */
const CLOUD_NAMES: Record<string, string> = {
  aws: 'AWS',
  azure: 'Azure',
  gcp: 'Google Cloud',
  oci: 'OCI',
  internal: 'Internal',
};

/** A key written as a constant or in lower case (`SHARED_TOOLING`, `compute`) as words: "Shared tooling". */
function sentenceOf(key: string): string {
  const words = key.replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A constant: `SHARED_TOOLING`, `DATABASES` (short capitals such as `AWS` are acronyms). */
function isConstant(name: string): boolean {
  return /^[A-Z0-9_]+$/.test(name) && (name.includes('_') || name.length > 4);
}

/**
 * Whether a name is only a key: a constant (`SHARED_TOOLING`, `DATABASES`; short capitals such as
 * `AWS` or `EC2` are acronyms, kept), or one lower-case word.
 */
function isKeyLike(name: string): boolean {
  return isConstant(name) || /^[a-z0-9_-]+$/.test(name);
}

/**
 * What to call a dimension: its name when it has one of its own, else its key in words.
 * `indirect:SHARED_TOOLING` (a category of shared costs) reads "Shared tooling (indirect)".
 */
export function labelOf(key: string, name?: string): string {
  // A name of its own is kept, unless it is a constant (`DATABASES`).
  if (name && name !== key && !isConstant(name)) {
    return name;
  }
  const indirect = /^indirect:(.+)$/.exec(key);
  if (indirect) {
    return `${sentenceOf(indirect[1])} (indirect)`;
  }
  return isKeyLike(key) ? sentenceOf(key) : key;
}

/** The display name of a cloud (`aws` → AWS). */
export function cloudLabel(key: string): string {
  return CLOUD_NAMES[key.toLowerCase()] ?? labelOf(key);
}

/**
 * The display name of a service: AWS service codes (`AmazonEC2`, `AWSSupportBusiness`) as AWS
 * names them; other services as billed.
 */
export function serviceLabel(service: string): string {
  if (SERVICE_NAMES[service]) {
    return SERVICE_NAMES[service];
  }
  const code = /^(Amazon|AWS)([A-Z][A-Za-z0-9]*)$/.exec(service);
  if (!code) {
    return service;
  }
  const words = code[2]
    .replace(/([a-z])([A-Z0-9])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  return `${code[1]} ${words}`;
}
