import { SignInPage } from '@backstage/core-components';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props =>
      <SignInPage {...props} providers={['guest']} />,
  },
});

/** Sign-in with the guest provider (local development and the demo). */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage],
});
