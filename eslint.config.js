// Lint rules for the whole tree. The one architectural rule is enforced here too:
// core and the CLI never import 'electron' (see docs/architecture.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const NO_ELECTRON = [{ name: 'electron', message: 'core, CLI and shared code never import electron.' }];

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'release', 'test-results', 'bench/corpus'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // zod's named `z` is a namespace object no bundler can trim: every command would load all of zod.
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message: "Write `import * as z from 'zod'`: the named z brings all of zod into the CLI's bundle.",
        },
      ],
    },
  },
  {
    files: ['src-main/core/**', 'src-main/cli/**', 'src-shared/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: NO_ELECTRON }],
    },
  },
  {
    // The shells reach core only through its face for them (src-main/core/for-shells/README.md), so
    // core can be rearranged without touching them and both shells use the same use cases.
    files: ['src-main/cli/**', 'src-main/electron/**', 'src-main/mcp/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)core/(?!for-shells/)',
              message: 'The shells import core only from src-main/core/for-shells/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The CLI and the agents' shell keep both rules (a later block replaces the rule's options).
    files: ['src-main/cli/**', 'src-main/mcp/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NO_ELECTRON,
          patterns: [
            {
              regex: '(^|/)core/(?!for-shells/)',
              message: 'The shells import core only from src-main/core/for-shells/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The face offers use cases and the ports a shell implements, not the parts core builds them from:
    // a shell handed a helper starts deciding an App rule itself (issue #23).
    files: ['src-main/core/for-shells/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex:
                '^\\.\\./(util/|images/|queue/|pipeline\\.ts$|redact/redact\\.ts$|providers/(?!custom/store|shotlink-server))',
              allowTypeImports: true,
              message: 'core/for-shells/ exports use cases and ports, not the parts they are built from.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**', 'test/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
