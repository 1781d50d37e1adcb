import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Where new project repositories go: config `mx.publish.target`. */
export type PublishTarget = 'local' | 'github';

export function readPublishTarget(config: Config): PublishTarget {
  const target = config.getOptionalString('mx.publish.target') ?? 'local';
  if (target !== 'local' && target !== 'github') {
    throw new InputError(
      `mx.publish.target must be 'local' or 'github', found '${target}'`,
    );
  }
  return target;
}
