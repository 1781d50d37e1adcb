import { MlflowApiError } from '../errors';
import { parseRunFilter } from './filter';
import { parseOrderBy } from './order';

function errorOf(fn: () => unknown): MlflowApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof MlflowApiError) return e;
    throw e;
  }
  throw new Error('expected an MlflowApiError');
}

describe('parseRunFilter', () => {
  it('parses clauses joined by and, with quoted keys and values', () => {
    expect(
      parseRunFilter(
        "metrics.rmse < 1 and params.optimizer = 'adam' and tags.`mlflow.user` LIKE 'a%'",
      ),
    ).toEqual([
      { entity: 'metrics', key: 'rmse', op: '<', value: 1 },
      { entity: 'params', key: 'optimizer', op: '=', value: 'adam' },
      { entity: 'tags', key: 'mlflow.user', op: 'LIKE', value: 'a%' },
    ]);
  });

  it('reads entity aliases and bare attribute names the way MLflow does', () => {
    expect(parseRunFilter("attribute.status = 'FAILED'")).toEqual([
      { entity: 'attributes', key: 'status', op: '=', value: 'FAILED' },
    ]);
  });

  it.each([
    ["metrics.rmse < '1'", 'Expected numeric value type'],
    ['params.optimizer = adam', 'Error on parsing filter'],
    ["params.optimizer < 'adam'", 'Invalid comparator'],
    ["attributes.colour = 'red'", "Invalid attribute key 'colour'"],
    ["widgets.x = 'y'", "Invalid entity type 'widgets'"],
  ])('answers %s with 400 INVALID_PARAMETER_VALUE (%s)', (filter, text) => {
    const error = errorOf(() => parseRunFilter(filter));
    expect(error.status).toBe(400);
    expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toContain(text);
  });
});

describe('parseOrderBy', () => {
  it('reads direction and treats a bare key as an attribute', () => {
    expect(parseOrderBy(['metrics.rmse DESC', 'start_time'])).toEqual([
      { entity: 'metrics', key: 'rmse', desc: true },
      { entity: 'attributes', key: 'start_time', desc: false },
    ]);
  });

  it('rejects an order_by that is not a list', () => {
    expect(errorOf(() => parseOrderBy('metrics.rmse')).message).toBe(
      'order_by must be a list of strings',
    );
  });
});
