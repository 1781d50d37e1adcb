// The Dockerfile half of the tool-pin check: the generated ARG block, one verified download per
// tool in the tools stage, and a non-root final stage that copies the verified tools.
import path from 'node:path';
import { FILES, argName, kitRequire } from './files.mjs';
import { renderArgBlock } from './render.mjs';

const { DockerfileParser } = kitRequire('dockerfile-ast');

/** Splits a Dockerfile into stages: { name, from, instructions[] }. */
function stages(dockerfileText) {
  const df = DockerfileParser.parse(dockerfileText);
  const out = [];
  for (const ins of df.getInstructions()) {
    const kw = ins.getKeyword();
    if (kw === 'FROM') {
      const args = ins.getArguments().map(a => a.getValue());
      const asIdx = args.findIndex(a => a.toUpperCase() === 'AS');
      out.push({
        from: args[0],
        name: asIdx >= 0 ? args[asIdx + 1] : undefined,
        instructions: [],
      });
    } else if (out.length) {
      out[out.length - 1].instructions.push({
        keyword: kw,
        args: ins.getArguments().map(a => a.getValue()),
        text: ins.getTextContent(),
        line: ins.getRange().start.line + 1,
        flags:
          kw === 'COPY'
            ? ins.getFlags().map(f => `--${f.getName()}=${f.getValue()}`)
            : [],
      });
    }
  }
  return out;
}

/** Problems of the Dockerfile against the pins, reported through `fail`. */
export function checkDockerfile(dockerText, pins, fail) {
  const tools = pins.tools ?? {};
  if (!dockerText.includes(renderArgBlock(pins))) {
    fail(
      `${FILES.dockerfile}: the tool pin block differs from ${FILES.pins}; run \`node scripts/check-tool-pins.mjs --write\``,
    );
  }
  const st = stages(dockerText);
  if (st.length < 2)
    fail(
      `${FILES.dockerfile}: must be multi-stage (a tools stage and the final stage), found ${st.length} stage(s)`,
    );
  const toolStage = st.find(s =>
    s.instructions.some(
      i => i.keyword === 'ARG' && i.args[0]?.startsWith('TERRAFORM_URL'),
    ),
  );
  const final = st[st.length - 1];
  if (!toolStage) {
    fail(`${FILES.dockerfile}: no stage declares the tool pin ARGs`);
  } else {
    const argValues = {};
    for (const i of toolStage.instructions.filter(x => x.keyword === 'ARG')) {
      const [k, ...v] = i.args.join(' ').split('=');
      if (k in argValues)
        fail(`${FILES.dockerfile}:${i.line}: ARG ${k} is declared twice`);
      argValues[k] = v.join('=');
    }
    const runs = toolStage.instructions.filter(i => i.keyword === 'RUN');
    for (const [tool, pin] of Object.entries(tools)) {
      const URL = argName(tool, 'URL');
      const SHA = argName(tool, 'SHA256');
      if (argValues[URL] !== pin.url)
        fail(
          `${FILES.dockerfile}: ARG ${URL} is '${argValues[URL]}', ${FILES.pins} says '${pin.url}'`,
        );
      if (argValues[SHA] !== pin.sha256)
        fail(
          `${FILES.dockerfile}: ARG ${SHA} is '${argValues[SHA]}', ${FILES.pins} says '${pin.sha256}'`,
        );
      const run = runs.find(r => r.text.includes(`\${${URL}}`));
      if (!run) {
        fail(`${FILES.dockerfile}: no RUN downloads ${tool} from \${${URL}}`);
        continue;
      }
      const cmd = run.text.replace(/\\\n/g, ' ');
      const dl = cmd.match(
        new RegExp(`curl\\s[^&;|]*-o\\s+(\\S+)\\s+"\\$\\{${URL}\\}"`),
      );
      if (!dl) {
        fail(
          `${FILES.dockerfile}:${run.line}: ${tool} must be fetched with \`curl -fsSL -o <file> "\${${URL}}"\``,
        );
        continue;
      }
      const file = dl[1];
      const verify = new RegExp(
        `echo\\s+"\\$\\{${SHA}\\}\\s+${file.replace(
          /[.*+?^${}()|[\]\\]/g,
          '\\$&',
        )}"\\s*\\|\\s*sha256sum\\s+(-c|--check)`,
      );
      const verified = verify.exec(cmd);
      if (!verified) {
        fail(
          `${FILES.dockerfile}:${run.line}: the ${tool} download '${file}' is not verified with \`echo "\${${SHA}}  ${file}" | sha256sum -c -\``,
        );
      } else {
        // Nothing may use the download between the curl and the check.
        const between = cmd.slice(dl.index + dl[0].length, verified.index);
        if (/\b(unzip|tar|install|mv|cp|chmod|ln)\b/.test(between)) {
          fail(
            `${FILES.dockerfile}:${run.line}: ${tool} is unpacked or installed before its sha256 is checked`,
          );
        }
      }
      const target = pin.installDir ?? pin.installPath;
      if (
        !cmd.includes(`/out${target}`) &&
        !cmd.includes(`/out${path.posix.dirname(target)}`)
      ) {
        fail(
          `${FILES.dockerfile}:${run.line}: ${tool} is not installed under /out${target} (tools.json installPath)`,
        );
      }
    }
    const copies = final.instructions.filter(
      i => i.keyword === 'COPY' && i.flags.includes(`--from=${toolStage.name}`),
    );
    if (!copies.some(c => c.args[0] === '/out/' && c.args[1] === '/')) {
      fail(
        `${FILES.dockerfile}: the final stage must \`COPY --from=${toolStage.name} /out/ /\` (the verified tools)`,
      );
    }
  }
  const users = final.instructions.filter(i => i.keyword === 'USER');
  const lastUser = users[users.length - 1]?.args[0];
  if (!lastUser)
    fail(
      `${FILES.dockerfile}: the final stage has no USER: it would run as root; add \`USER node\``,
    );
  else if (/^(root|0)(:|$)/.test(lastUser))
    fail(
      `${FILES.dockerfile}: the final stage runs as ${lastUser}; end with a non-root USER (node)`,
    );
  const cmdIdx = final.instructions.findIndex(
    i => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT',
  );
  const lastUserIdx = final.instructions.lastIndexOf(users[users.length - 1]);
  if (cmdIdx >= 0 && lastUserIdx > cmdIdx)
    fail(`${FILES.dockerfile}: USER comes after CMD; set it before`);
}
