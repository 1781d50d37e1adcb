import type http from 'node:http';

/** How the stand-in answers; change `MlflowStandIn.behaviour.mode` in a test. */
export type StandInMode =
  /** answer normally */
  | 'ok'
  /** wait `delayMs` before answering (to exercise timeouts) */
  | 'slow'
  /** answer 200 with an HTML page instead of JSON */
  | 'malformed'
  /** answer 200 with JSON whose lists are not lists */
  | 'wrong-shape'
  /** answer 500 {error_code: INTERNAL_ERROR} */
  | 'error'
  /** answer 200 with a body of `hugeBytes` bytes */
  | 'huge';

export type StandInBehaviour = {
  mode: StandInMode;
  delayMs: number;
  hugeBytes: number;
  /** when set, every request is answered `307 Location: <redirectTo><path>` */
  redirectTo?: string;
  /** when set, requests without `Authorization: Bearer <token>` get 401 */
  requireToken?: string;
};

export type StandInOptions = {
  /** total runs, spread round-robin over the experiments (default 10,000) */
  runs?: number;
  /** experiment names (default four) */
  experiments?: string[];
  seed?: number;
};

export type RecordedRequest = {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body?: unknown;
  /** the client's port: equal ports mean one reused (keep-alive) connection */
  remotePort?: number;
};

export type MlflowStandIn = {
  /** the tracking URI, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  behaviour: StandInBehaviour;
  requests: RecordedRequest[];
  /** the generated data, to compute expectations */
  data: StandInData;
  reset(): void;
  close(): Promise<void>;
};

/** A metric value as MLflow's `Metric` message holds it (service.proto). */
export type StandInMetric = {
  key: string;
  value: number;
  timestamp: number;
  step: number;
};

export type StandInRunStatus =
  | 'RUNNING'
  | 'SCHEDULED'
  | 'FINISHED'
  | 'FAILED'
  | 'KILLED';

export type StandInRun = {
  index: number;
  run_id: string;
  run_name: string;
  experiment_id: string;
  status: StandInRunStatus;
  start_time: number;
  end_time?: number;
  artifact_uri: string;
  lifecycle_stage: 'active';
  metrics: StandInMetric[];
  params: Record<string, string>;
  tags: Record<string, string>;
};

export type StandInExperiment = {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: 'active';
  creation_time: number;
  last_update_time: number;
  tags: Record<string, string>;
};

export type StandInData = {
  experiments: StandInExperiment[];
  runs: StandInRun[];
  /** a run's full history of one metric; undefined when the run does not exist */
  history(runId: string, key: string): StandInMetric[] | undefined;
};

/** A request's parameters: the JSON body of a POST or the query string of a GET. */
export type RequestParams = Record<string, unknown>;
