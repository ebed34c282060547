export interface Config {
  /** Configuration of the FinOps plugins. */
  finops?: {};
}
