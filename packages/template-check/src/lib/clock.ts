/**
 * A fixed clock for the duration of a call: `new Date()` and `Date.now()` return `at`, so the
 * times actions record (e.g. `appliedAt` in .mx/state.yaml) are the same on every run and the
 * golden files stay stable. Dates built from explicit arguments are untouched.
 */
export async function withFixedClock<T>(
  at: string,
  fn: () => Promise<T>,
): Promise<T> {
  const RealDate = globalThis.Date;
  const fixed = RealDate.parse(at);
  if (Number.isNaN(fixed)) throw new Error(`Not an ISO time: ${at}`);
  const FixedDate: DateConstructor = new Proxy(RealDate, {
    construct(target, args, newTarget): object {
      return Reflect.construct(
        target,
        args.length === 0 ? [fixed] : args,
        newTarget === FixedDate ? target : newTarget,
      );
    },
    apply() {
      return new RealDate(fixed).toString();
    },
    get(target, prop, receiver) {
      if (prop === 'now') return () => fixed;
      return Reflect.get(target, prop, receiver);
    },
  });
  globalThis.Date = FixedDate;
  try {
    return await fn();
  } finally {
    globalThis.Date = RealDate;
  }
}

/** The kit's clock: the first application of a generator. */
export const KIT_CLOCK = '2026-01-01T00:00:00.000Z';
/** A later time, for re-runs: a re-run that records anything new shows up in the diff. */
export const KIT_CLOCK_RERUN = '2026-01-02T00:00:00.000Z';
