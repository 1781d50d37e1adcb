import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import mxProjectPlugin from '@mx-backstage/plugin-mx-project-page/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { signInModule } from './modules/signIn';

export default createApp({
  features: [
    catalogPlugin,
    mxProjectPlugin,
    navModule,
    homeModule,
    signInModule,
  ],
});
