import { Entity } from '@backstage/catalog-model';
import { parseState } from '@mx-backstage/plugin-mx-common';
import path from 'node:path';
import { validateCatalogEntity } from './entities';
import { checkKustomization } from './kustomization';
import { validateKubernetesObject } from './kubernetes';
import { SchemaStore, formatAjvErrors } from './schemas';
import { Outcome } from './types';
import { yamlDocuments } from './yamlDocuments';

export async function checkYaml(
  file: string,
  text: string,
  schemas: SchemaStore,
): Promise<Outcome> {
  const base = path.posix.basename(file);
  const { docs, errors } = yamlDocuments(text);
  if (errors.length > 0) return { validator: 'yaml', errors };

  if (file === '.mx/state.yaml' || file.endsWith('/.mx/state.yaml')) {
    try {
      parseState(text, file);
      return { validator: 'mx-common parseState', errors: [] };
    } catch (e) {
      return {
        validator: 'mx-common parseState',
        errors: [(e as Error).message],
      };
    }
  }
  if (base === 'devspace.yaml' || base === 'devspace.yml') {
    const validate = await schemas.devspace();
    const doc = docs[0] as any;
    const errs: string[] = [];
    if (!validate(doc)) errs.push(formatAjvErrors(validate));
    if (doc?.version !== 'v2beta1') {
      errs.push(
        `version must be v2beta1 (devspace v6), found ${JSON.stringify(
          doc?.version,
        )}`,
      );
    }
    return { validator: 'devspace-v6.json + version v2beta1', errors: errs };
  }
  if (base === 'cloudbuild.yaml' || base === 'cloudbuild.yml') {
    const validate = await schemas.cloudbuild();
    return {
      validator: 'cloudbuild.json',
      errors: validate(docs[0]) ? [] : [formatAjvErrors(validate)],
    };
  }
  if (base === 'catalog-info.yaml' || base === 'catalog-info.yml') {
    const validate = await schemas.catalogInfo();
    const errs: string[] = [];
    for (const doc of docs) {
      if (!validate(doc)) errs.push(formatAjvErrors(validate));
      const e = await validateCatalogEntity(doc as Entity);
      if (e) errs.push(e);
    }
    if (docs.length === 0) errs.push('no entity');
    return {
      validator: 'backstage-catalog-info.json + catalog-model',
      errors: errs,
    };
  }

  const k8s = docs.filter(
    (d: any) => d && typeof d === 'object' && 'apiVersion' in d && 'kind' in d,
  ) as Record<string, any>[];
  if (k8s.length === 0) return { validator: 'yaml', errors: [] };
  if (
    k8s.length === 1 &&
    String(k8s[0].apiVersion).startsWith('kustomize.config.k8s.io/')
  ) {
    return {
      validator: 'kustomization (fields)',
      errors: checkKustomization(k8s[0]),
    };
  }
  const results = [];
  for (const doc of k8s) {
    if (doc.kind === 'List' && Array.isArray(doc.items)) {
      for (const item of doc.items) {
        results.push(await validateKubernetesObject(item, schemas));
      }
    } else results.push(await validateKubernetesObject(doc, schemas));
  }
  const validators = [...new Set(results.map(r => r.validator))];
  const unknown = results.filter(r => r.validator === 'no validator');
  return {
    validator: `kubernetes (${validators.join(', ')})`,
    errors: results.filter(r => !r.ok).map(r => r.message!),
    status:
      unknown.length > 0 && unknown.length === results.filter(r => !r.ok).length
        ? 'no validator'
        : undefined,
  };
}
