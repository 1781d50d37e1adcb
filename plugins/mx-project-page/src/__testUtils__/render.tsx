import type { ReactElement } from 'react';
import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { MxProjectApi, mxProjectApiRef } from '../api';

/** Renders a component of this plugin for an entity, with a given MxProjectApi. */
export function renderForEntity(
  element: ReactElement,
  options: { entity: Entity; api: MxProjectApi },
) {
  return renderInTestApp(
    <TestApiProvider apis={[[mxProjectApiRef, options.api]]}>
      <EntityProvider entity={options.entity}>{element}</EntityProvider>
    </TestApiProvider>,
  );
}
