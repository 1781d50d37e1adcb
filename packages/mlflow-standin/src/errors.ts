/**
 * An error the stand-in answers as MLflow does: HTTP status plus `{error_code, message}`
 * (error codes from mlflow/protos/databricks.proto `ErrorCode`).
 */
export class MlflowApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

/** Throws MLflow's 400 INVALID_PARAMETER_VALUE. */
export function invalid(message: string): never {
  throw new MlflowApiError(400, 'INVALID_PARAMETER_VALUE', message);
}
