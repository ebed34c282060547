export interface Config {
  finops?: {
    /** Entity refs of the groups whose members are FinOps admins. Default group:default/finops. */
    adminGroups?: string[];
  };
}
