// Paths from template inputs, states and rendered trees must stay inside the workspace: resolve
// them with lib/paths' safeChildPath (Backstage's resolveSafeChildPath with a user-facing error),
// never with bare path.resolve — the rule Backstage's own scaffolder-backend has — nor, in the
// actions (where input arrives), with path.join.
const resolveMessage =
  'Do not use path.resolve on paths that may come from a template: use safeChildPath from lib/paths (resolveSafeChildPath from @backstage/backend-plugin-api) instead';
const joinMessage =
  'Actions take paths from template input: join them with safeChildPath from lib/paths, which refuses paths outside the workspace';
const noPathResolve = {
  message: resolveMessage,
  selector: 'MemberExpression[object.name="path"][property.name="resolve"]',
};
const noPathJoin = {
  message: joinMessage,
  selector: 'MemberExpression[object.name="path"][property.name="join"]',
};

module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  restrictedSrcImports: [
    { name: 'path', importNames: ['resolve'], message: resolveMessage },
    { name: 'node:path', importNames: ['resolve'], message: resolveMessage },
  ],
  restrictedSrcSyntax: [noPathResolve],
  overrides: [
    {
      files: ['src/actions/**/*.ts'],
      excludedFiles: ['**/*.test.ts'],
      rules: {
        'no-restricted-syntax': ['error', noPathResolve, noPathJoin],
      },
    },
  ],
});
