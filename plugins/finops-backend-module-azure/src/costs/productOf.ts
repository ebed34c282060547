import { CostSourceProduct } from '@finops-backstage/plugin-finops-node';
import { MeterInfo } from './readMeters';

/** Product families and domains by Azure service name (MeterCategory), first match wins. */
const FAMILIES: Array<{ pattern: RegExp; family: string; domain?: string }> = [
  {
    pattern: /sql|cosmos|database|redis|data explorer/i,
    family: 'database',
    domain: 'DATABASES',
  },
  { pattern: /function|logic apps|event grid/i, family: 'serverless' },
  {
    pattern:
      /bandwidth|network|load balancer|gateway|dns|front door|content delivery|expressroute|firewall|ip address/i,
    family: 'network',
  },
  { pattern: /storage|backup|netapp/i, family: 'storage' },
  {
    pattern:
      /virtual machine|app service|container|kubernetes|batch|cloud services/i,
    family: 'compute',
  },
  { pattern: /log analytics|monitor|insights|sentinel/i, family: 'monitoring' },
  { pattern: /support/i, family: 'support' },
];

/**
 * The product of a meter, its cost domain, and whether it is metered (has a meter and a unit);
 * an unmetered one's unit is the currency.
 */
export function productOf(
  meterId: string,
  meter: MeterInfo,
  currency: string,
): { product: CostSourceProduct; domainKey: string; metered: boolean } {
  const service = meter.service || 'Azure';
  const match = FAMILIES.find(({ pattern }) => pattern.test(service));
  const attributes: Record<string, string> = {};
  if (meterId) {
    attributes.meterId = meterId;
  }
  if (meter.locations) {
    attributes.locations = meter.locations.join(', ');
  }
  // Without a meter or a unit, the amount itself is the quantity (unit = currency).
  const metered = meterId !== '' && !!meter.unit;
  return {
    product: {
      key: meterId ? `azure:${meterId}` : `azure:unmetered:${service}`,
      name:
        meter.name ||
        (meterId ? `Azure meter ${meterId}` : `${service} charges`),
      unit: metered ? meter.unit! : currency,
      provider: 'azure',
      service,
      ...(meter.location ? { region: meter.location } : {}),
      familyKey: match?.family ?? 'other',
      ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
    },
    domainKey: match?.domain ?? 'CLOUD',
    metered,
  };
}
