import {
  Content,
  Header,
  Page,
  TabbedLayout,
} from '@backstage/core-components';
import { BudgetsContent } from '../Budgets';
import { ChargebackContent } from '../Chargeback';
import { DomainsContent } from '../Domains';
import { IngestionRunsContent } from '../IngestionRuns';
import { OverviewContent } from '../Overview';
import { PricingViewsContent } from '../PricingViews';
import { CommitmentsContent } from '../Commitments';
import { TagComplianceContent } from '../TagCompliance';

/** The tabs of the page, in order: path, title and the section shown. */
const TABS: Array<{ path: string; title: string; Section: () => JSX.Element }> =
  [
    { path: '/', title: 'Overview', Section: OverviewContent },
    {
      path: '/pricing-views',
      title: 'Pricing views',
      Section: PricingViewsContent,
    },
    { path: '/budgets', title: 'Budgets', Section: BudgetsContent },
    {
      path: '/reservations',
      title: 'Reservations',
      Section: CommitmentsContent,
    },
    { path: '/chargeback', title: 'Chargeback', Section: ChargebackContent },
    { path: '/tags', title: 'Tags', Section: TagComplianceContent },
    { path: '/domains', title: 'Domains', Section: DomainsContent },
    {
      path: '/ingestion',
      title: 'Ingestion runs',
      Section: IngestionRunsContent,
    },
  ];

/**
 * The FinOps page for apps on the legacy frontend system: a header and one tab per section.
 * (The new frontend system builds the same page from sub-page extensions, see plugin.tsx.)
 */
export function FinopsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="FinOps"
        subtitle="What the estate costs, priced through named pricing views"
      />
      <TabbedLayout>
        {TABS.map(tab => (
          <TabbedLayout.Route key={tab.path} path={tab.path} title={tab.title}>
            <Content>
              <tab.Section />
            </Content>
          </TabbedLayout.Route>
        ))}
      </TabbedLayout>
    </Page>
  );
}
