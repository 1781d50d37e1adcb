import { SignInPage, SignInProviderConfig } from '@backstage/core-components';
import {
  SignInPageProps,
  configApiRef,
  githubAuthApiRef,
  useApi,
} from '@backstage/core-plugin-api';

const github: SignInProviderConfig = {
  id: 'github-auth-provider',
  title: 'GitHub',
  message: 'Sign in with your GitHub account',
  apiRef: githubAuthApiRef,
};

/**
 * Offers the sign-in providers the backend has configured: guest in the embedded default
 * (`auth.providers.guest`), GitHub in production (`auth.providers.github`, see
 * app-config.production.yaml and docs/operating.md).
 */
export function MxSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  const configured = config.getOptionalConfig('auth.providers');
  const providers: Array<'guest' | SignInProviderConfig> = [];
  if (configured?.has('github')) providers.push(github);
  if (configured?.has('guest')) providers.push('guest');
  if (providers.length === 0) providers.push('guest');
  return <SignInPage {...props} providers={providers} />;
}
