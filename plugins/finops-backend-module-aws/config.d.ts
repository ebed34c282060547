export interface Config {
  finops?: {
    sources?: {
      /**
       * AWS Cost Explorer sources: one entry per payer (management) account, or per standalone
       * account, each with its own credentials.
       */
      aws?: Array<{
        /** Unique key of the entry; the source is named `aws:<key>`. */
        key: string;
        /** Region of the Cost Explorer endpoint and of STS. Default us-east-1. */
        region?: string;
        /** Another Cost Explorer endpoint (a proxy, a test server). Default the AWS one. */
        endpoint?: string;
        /** Static keys. Without them (and without assumeRole), the default AWS provider chain. */
        credentials?: {
          /** @visibility secret */
          accessKeyId: string;
          /** @visibility secret */
          secretAccessKey: string;
          /** @visibility secret */
          sessionToken?: string;
        };
        /** A role to assume (STS AssumeRole), with the static keys or the default chain. */
        assumeRole?: {
          roleArn: string;
          /** @visibility secret */
          externalId?: string;
          /** Default backstage-finops. */
          sessionName?: string;
        };
        /** Linked accounts to read. Default: every account with costs in the month. */
        accounts?: Array<{ id: string; name?: string }>;
        /** Tag keys that map costs to catalog entities, in order of precedence. Default ['app']. */
        tagKeys?: string[];
        /** Cost domain of the rows. Default CLOUD. */
        domain?: string;
        /** Months of history the first runs fill. Default 2. */
        months?: number;
        /** Back-off on throttling and server errors. */
        retry?: {
          /** Tries in all, the first included. Default 5. */
          maxAttempts?: number;
          /** Delay before the second try, doubled before each next one. Default 1000. */
          baseDelayMs?: number;
        };
        /** Reservations and savings plans: coverage, utilisation, purchase recommendations. */
        commitments?: {
          /** Default true. */
          enabled?: boolean;
          /** Terms of the recommendations. Default both. */
          terms?: Array<'ONE_YEAR' | 'THREE_YEARS'>;
          /** Payment options of the recommendations. Default NO_UPFRONT. */
          paymentOptions?: Array<
            'NO_UPFRONT' | 'PARTIAL_UPFRONT' | 'ALL_UPFRONT'
          >;
          /** Lookback of the recommendations. Default SIXTY_DAYS. */
          lookback?: 'SEVEN_DAYS' | 'THIRTY_DAYS' | 'SIXTY_DAYS';
          /** Services of the reservation recommendations. Default ['Amazon Elastic Compute Cloud - Compute']. */
          reservationServices?: string[];
        };
      }>;
    };
  };
}
