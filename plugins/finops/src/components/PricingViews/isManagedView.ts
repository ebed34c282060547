import { PricingView } from '@finops-backstage/plugin-finops-common';

/**
 * Whether the ingestion batch writes the view (actual, and views such as amortized, list or
 * contracted prices that a source provides): the backend refuses edits to it with 409, so the UI
 * offers none. A backend that does not send `managed` yet only manages the actual view.
 */
export function isManagedView(view: Pick<PricingView, 'kind' | 'managed'>) {
  return view.managed === true || view.kind === 'actual';
}
