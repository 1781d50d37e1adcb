import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';

/** What the mx actions read the time from (`appliedAt`, plan ages and expiry). */
export interface MxClock {
  now(): Date;
}

/**
 * The mx actions' clock, a root service: the wall clock unless a backend provides its own
 * factory (the template check kit does, so recorded times are the same on every run).
 */
export const mxClockServiceRef = createServiceRef<MxClock>({
  id: 'mx.clock',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {},
      factory: () => ({ now: () => new Date() }),
    }),
});
