import { CustomErrorBase } from '@backstage/errors';

/**
 * An error with the HTTP status the client should see. Backstage's error middleware uses
 * `statusCode` and serialises `name` and `message` into the standard error body.
 */
export class GatewayError extends CustomErrorBase {
  readonly statusCode: number;
  constructor(
    name: string,
    statusCode: number,
    message: string,
    cause?: unknown,
  ) {
    super(message, cause);
    this.name = name;
    this.statusCode = statusCode;
  }
}
