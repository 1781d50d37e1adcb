import type { RequestParams, StandInData } from '../types';
import type { RegisteredModel } from './models';

/** What every route reads: the generated data set and the model registry built from it. */
export type RouteContext = {
  data: StandInData;
  models: RegisteredModel[];
};

/** One REST endpoint of MLflow: its method, its path and a handler returning the JSON body. */
export type Route = {
  method: 'GET' | 'POST';
  path: string;
  handle(params: RequestParams, ctx: RouteContext): unknown;
};
