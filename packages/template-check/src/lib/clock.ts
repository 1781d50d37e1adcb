import type { MxClock } from '@mx-backstage/plugin-scaffolder-backend-module-mx';

/** The kit's clock: the first application of a generator. */
export const KIT_CLOCK = '2026-01-01T00:00:00.000Z';
/** A later time, for re-runs: a re-run that records anything new shows up in the diff. */
export const KIT_CLOCK_RERUN = '2026-01-02T00:00:00.000Z';

/**
 * The clock the kit gives the mx actions (their `mx.clock` service) in the scaffolder under
 * test: a fixed time, set before each dry run, so the times actions record (e.g. `appliedAt` in
 * .mx/state.yaml) are the same on every run and the goldens stay stable. Nothing else in the
 * process sees it (the global `Date` is untouched).
 */
export class FixedClock implements MxClock {
  #at: number;

  constructor(at: string = KIT_CLOCK) {
    this.#at = FixedClock.#parse(at);
  }

  /** Sets the time `now()` returns from here on. */
  set(at: string): void {
    this.#at = FixedClock.#parse(at);
  }

  now(): Date {
    return new Date(this.#at);
  }

  static #parse(at: string): number {
    const t = Date.parse(at);
    if (Number.isNaN(t)) {
      throw new Error(`Not an ISO time: ${at} (use e.g. ${KIT_CLOCK})`);
    }
    return t;
  }
}
