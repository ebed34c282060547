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
import { ReservationsContent } from '../Reservations';
import { TagComplianceContent } from '../TagCompliance';

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
        <TabbedLayout.Route path="/" title="Overview">
          <Content>
            <OverviewContent />
          </Content>
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/pricing-views" title="Pricing views">
          <Content>
            <PricingViewsContent />
          </Content>
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/budgets" title="Budgets">
          <Content>
            <BudgetsContent />
          </Content>
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/reservations" title="Reservations">
          <Content>
            <ReservationsContent />
          </Content>
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/chargeback" title="Chargeback">
          <Content>
            <ChargebackContent />
          </Content>
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/tags" title="Tags">
          <Content>
            <TagComplianceContent />
          </Content>
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/domains" title="Domains">
          <Content>
            <DomainsContent />
          </Content>
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/ingestion" title="Ingestion runs">
          <Content>
            <IngestionRunsContent />
          </Content>
        </TabbedLayout.Route>
      </TabbedLayout>
    </Page>
  );
}
