import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/** The sign-in page: the providers configured in `auth.providers` (guest and/or GitHub). */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    SignInPageBlueprint.make({
      params: {
        loader: async () => {
          const { MxSignInPage } = await import('./SignIn');
          return props => <MxSignInPage {...props} />;
        },
      },
    }),
  ],
});
