import { DockerfileParser } from 'dockerfile-ast';
import { Outcome } from './types';

const DOCKER_INSTRUCTIONS = new Set([
  'FROM',
  'RUN',
  'CMD',
  'LABEL',
  'MAINTAINER',
  'EXPOSE',
  'ENV',
  'ADD',
  'COPY',
  'ENTRYPOINT',
  'VOLUME',
  'USER',
  'WORKDIR',
  'ARG',
  'ONBUILD',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'SHELL',
]);

export function checkDockerfile(text: string): Outcome {
  const errors: string[] = [];
  const df = DockerfileParser.parse(text);
  const instructions = df.getInstructions();
  if (instructions.length === 0) errors.push('no instructions');
  let seenFrom = false;
  for (const ins of instructions) {
    const keyword = ins.getKeyword().toUpperCase();
    const line = ins.getRange().start.line + 1;
    if (!DOCKER_INSTRUCTIONS.has(keyword)) {
      errors.push(`line ${line}: unknown instruction ${keyword}`);
    }
    if (!seenFrom && keyword !== 'FROM' && keyword !== 'ARG') {
      errors.push(`line ${line}: ${keyword} before the first FROM`);
    }
    if (keyword === 'FROM') {
      seenFrom = true;
      if (ins.getArguments().length === 0) {
        errors.push(`line ${line}: FROM without an image`);
      }
    }
  }
  return { validator: 'dockerfile-ast', errors };
}
