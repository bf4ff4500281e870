// Bundles what tsc emitted (tsc -b runs first: rollup's TypeScript plugin needs the old
// compiler API, and TypeScript 7 has none).
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rmSync } from 'node:fs';
import { collapseTemplatesPlugin } from './scripts/collapse-templates.mjs';

/** Empties an output directory first: chunk names change with their content, old ones would pile up. */
const emptyDir = (dir) => ({
  name: 'empty-dir',
  buildStart() {
    rmSync(dir, { recursive: true, force: true });
  },
});

/**
 * The `docgate` command. Its ESM dependencies made of hundreds of small files (typebox: 709,
 * kysely: 279) are bundled in, because loading them file by file cost 0.3 s of every start
 * (bench/startup.mjs). CommonJS packages, native addons and anything that loads files at run
 * time stay external and come from node_modules as usual.
 */
const serverExternal = [
  '@docgate/sdk',
  '@docgate/wecom-mock',
  '@wecom/crypto',
  'fastify',
  '@fastify/rate-limit',
  '@fastify/static',
  'ajv',
  'pg',
  'better-sqlite3',
];

const server = {
  input: { docgate: 'packages/server/dist/cli.js' },
  output: {
    dir: 'packages/server/dist/bin',
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: true,
  },
  external: (id) => id.startsWith('node:') || serverExternal.some((name) => id === name || id.startsWith(`${name}/`)),
  plugins: [nodeResolve({ exportConditions: ['node', 'import', 'default'], preferBuiltins: true })],
  onwarn(warning, warn) {
    // typebox and kysely reference `this` at the top level of a few ESM files; harmless.
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    // typebox's modules import each other in cycles; it works as published, and bundled.
    if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => id.includes('node_modules'))) return;
    warn(warning);
  },
};

/**
 * The one file an employee's browser loads (`<script src="…/sdk/docgate.js" async>`): the SDK,
 * ky and path normalization, minified into an IIFE. Its gzip size is a budget (bench/size.mjs,
 * checked by npm test). lit never enters it.
 */
const scriptTag = {
  input: 'packages/sdk/dist/script-tag.js',
  output: {
    file: 'packages/sdk/dist/docgate.js',
    format: 'iife',
    sourcemap: true,
    // the file runs on other people's pages: nothing leaks into their global scope
    name: undefined,
  },
  plugins: [
    nodeResolve({ browser: true }),
    terser({ ecma: 2020, module: false, compress: { passes: 2 }, format: { comments: false } }),
  ],
};

/**
 * The watermark's own file, fetched by docgate.js only for pages with `data-watermark`: most
 * pages have no watermark and should not pay for one in the file every page loads.
 */
const watermarkTag = {
  ...scriptTag,
  input: 'packages/sdk/dist/watermark-tag.js',
  output: { ...scriptTag.output, file: 'packages/sdk/dist/docgate-watermark.js' },
};

/**
 * The admin components with lit, in one ES module (`<script type="module" src="…/sdk/docgate-elements.js">`),
 * for pages without a bundler; served by the docgate server beside docgate.js. The words, all
 * the components' of one language, are a chunk per language (`chunks/words-<lang>-<hash>.js`,
 * imported relative to the entry's URL) that the elements fetch once they know the page's
 * language: a page loads one (internal/words.ts). What a page loads has a budget too
 * (bench/size.mjs: ≤ 35 KB gzip). Apps with a bundler import @docgate/elements instead.
 */
const elementsDir = 'packages/elements/dist/bundle';
const elements = {
  input: { 'docgate-elements': 'packages/elements/dist/index.js' },
  output: {
    dir: elementsDir,
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    // All the components' words of one language in one chunk: every element on the page asks
    // for its own, and they then arrive with one request instead of one each.
    manualChunks(id) {
      const lang = /[./]messages\.(zh-CN|en)\.js$/.exec(id)?.[1];
      return lang ? `words-${lang}` : undefined;
    },
    sourcemap: true,
  },
  plugins: [
    emptyDir(elementsDir),
    nodeResolve({ browser: true }),
    // lit's templates without their indentation (terser leaves template strings alone)
    collapseTemplatesPlugin(),
    terser({ ecma: 2020, module: true, compress: { passes: 2 }, format: { comments: false } }),
  ],
};

export default [server, scriptTag, watermarkTag, elements];
