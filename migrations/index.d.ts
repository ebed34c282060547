/** The folder holding the FinOps mart's knex migrations. */
export declare const migrationsDir: string;
/** The table in which knex records the migrations it has run. */
export declare const migrationsTableName: string;
