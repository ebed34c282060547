import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The suites render whole MUI pages and charts; on a busy 2-core machine a render can take
// seconds. Waits and tests get room for that, and still fail when something never shows.
configure({ asyncUtilTimeout: 15_000 });
jest.setTimeout(60_000);
