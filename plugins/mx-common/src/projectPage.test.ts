import {
  generatorTemplateUrl,
  isClusterInternalUrl,
  mlflowPortForwardCommand,
  parseEndpointsAnnotation,
  parseMlflowService,
  terraformOutputValue,
} from './projectPage';

describe('parseEndpointsAnnotation', () => {
  it('reads title=url pairs separated by commas or new lines', () => {
    expect(
      parseEndpointsAnnotation(
        'Labeling tool=https://cvat.acme.test, App=https://app.acme.test/\nhttps://docs.acme.test',
      ),
    ).toEqual([
      { title: 'Labeling tool', url: 'https://cvat.acme.test' },
      { title: 'App', url: 'https://app.acme.test/' },
      { title: 'https://docs.acme.test', url: 'https://docs.acme.test' },
    ]);
  });

  it('reads a JSON array and drops what is not an http(s) URL', () => {
    expect(
      parseEndpointsAnnotation(
        '[{"title":"Model","url":"https://model.acme.test"},{"title":"Bad","url":"file:///etc/passwd"},{"url":"http://x.test"}]',
      ),
    ).toEqual([
      { title: 'Model', url: 'https://model.acme.test' },
      { title: 'http://x.test', url: 'http://x.test' },
    ]);
    expect(parseEndpointsAnnotation('[not json')).toEqual([]);
    expect(parseEndpointsAnnotation(undefined)).toEqual([]);
  });
});

describe('MLflow service and port-forward', () => {
  it('parses <namespace>/<service>:<port> with defaults', () => {
    expect(parseMlflowService('tracking/mlflow-server:8080')).toEqual({
      namespace: 'tracking',
      service: 'mlflow-server',
      port: 8080,
    });
    expect(parseMlflowService(undefined)).toEqual({
      namespace: 'mlflow',
      service: 'mlflow',
      port: 5000,
    });
    expect(mlflowPortForwardCommand('ml/mlflow')).toBe(
      'kubectl port-forward -n ml svc/mlflow 5000:5000',
    );
  });

  it('tells cluster-internal tracking URIs from exposed ones', () => {
    expect(
      isClusterInternalUrl('http://mlflow.mlflow.svc.cluster.local:5000'),
    ).toBe(true);
    expect(isClusterInternalUrl('http://mlflow.mlflow.svc:5000')).toBe(true);
    expect(isClusterInternalUrl('http://mlflow:5000')).toBe(true);
    expect(isClusterInternalUrl('https://mlflow.acme.test')).toBe(false);
    expect(isClusterInternalUrl('http://localhost:5000')).toBe(false);
  });
});

describe('generatorTemplateUrl', () => {
  it('opens the template with the project pre-selected', () => {
    const url = generatorTemplateUrl(
      'seldon-serving',
      'component:default/churn',
    );
    expect(
      url.startsWith('/create/templates/default/seldon-serving?formData='),
    ).toBe(true);
    const formData = new URL(url, 'http://x').searchParams.get('formData');
    expect(JSON.parse(formData!)).toEqual({
      project: 'component:default/churn',
    });
  });
});

describe('terraformOutputValue', () => {
  it('unwraps terraform output -json values and hides sensitive ones', () => {
    expect(
      terraformOutputValue({
        value: 'gke-1',
        type: 'string',
        sensitive: false,
      }),
    ).toEqual({
      value: 'gke-1',
      sensitive: false,
    });
    expect(terraformOutputValue({ value: 's3cret', sensitive: true })).toEqual({
      value: undefined,
      sensitive: true,
    });
    expect(terraformOutputValue('plain')).toEqual({
      value: 'plain',
      sensitive: false,
    });
  });
});

describe('generatorTemplateUrl with recorded answers', () => {
  it('carries the recorded answers in formData, the project ref winning', () => {
    const url = generatorTemplateUrl(
      'distributed-training',
      'component:default/churn',
      'default',
      {
        workers: 8,
        gpuType: 'nvidia-tesla-a100',
        project: 'component:default/other',
      },
    );
    const formData = new URL(url, 'http://x').searchParams.get('formData');
    expect(JSON.parse(formData!)).toEqual({
      workers: 8,
      gpuType: 'nvidia-tesla-a100',
      project: 'component:default/churn',
    });
  });
});
