import { createBackend } from '@backstage/backend-defaults';
import { mxGitHostUrlReaderFactory } from '@mx-backstage/plugin-mx-git-host-backend';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// auth: guest sign-in in the embedded default, GitHub in production
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// scaffolder
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));

// MX for Backstage: the mx:* scaffolder actions, and the local git host of the embedded
// default (smart-HTTP git + a URL reader so the catalog can read what it hosts)
backend.add(import('@mx-backstage/plugin-scaffolder-backend-module-mx'));
backend.add(import('@mx-backstage/plugin-mx-git-host-backend'));
backend.add(mxGitHostUrlReaderFactory);
backend.add(import('@mx-backstage/plugin-mx-project-backend'));

// permissions: MX's policy (everyone signed in reads; mx.permissions.creators create projects;
// a project's owners and mx.admins.groups change it). See docs/operating.md.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@mx-backstage/plugin-permission-backend-module-mx-policy'),
);

// search (in-memory Lunr engine by default)
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.add(import('@backstage/plugin-user-settings-backend'));
// signals: live updates to the frontend (user settings storage depends on it)
backend.add(import('@backstage/plugin-signals-backend'));

backend.start();
