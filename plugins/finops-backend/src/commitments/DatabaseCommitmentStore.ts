import { Knex } from 'knex';
import {
  CommitmentStore,
  CoverageQuery,
  ProviderFiguresQuery,
  RecommendationsQuery,
  UtilisationQuery,
} from './CommitmentStore';
import { ensureRateViews } from './operations/ensureRateViews';
import { readCoverage } from './operations/readCoverage';
import { readProviderFigures } from './operations/readProviderFigures';
import { readRecommendations } from './operations/readRecommendations';
import { readUtilisation } from './operations/readUtilisation';

/** Reservations and savings plans in the mart; each query is an operation of `operations/`. */
export class DatabaseCommitmentStore implements CommitmentStore {
  private constructor(private readonly knex: Knex) {}

  static create(options: { knex: Knex }): DatabaseCommitmentStore {
    return new DatabaseCommitmentStore(options.knex);
  }

  coverage(query: CoverageQuery) {
    return readCoverage(this.knex, query);
  }

  utilisation(query: UtilisationQuery) {
    return readUtilisation(this.knex, query);
  }

  providerFigures(query: ProviderFiguresQuery) {
    return readProviderFigures(this.knex, query);
  }

  ensureRateViews() {
    return ensureRateViews(this.knex);
  }

  recommendations(query: RecommendationsQuery) {
    return readRecommendations(this.knex, query);
  }
}
