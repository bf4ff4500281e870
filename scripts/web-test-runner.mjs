// What the browser tests of the SDK and of the elements share: Chromium, TypeScript through
// esbuild with the package's own tsconfig (Lit's decorators need it), one file at a time, and a
// page that tells the tests where the real docgate server started for them is.
import { createServer } from 'node:net';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromiumArgs, chromiumPath } from './chromium.mjs';

/** A port nobody listens on now (the test runner's page and the docgate server each take one). */
export const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

/**
 * A web-test-runner configuration for the package whose tsconfig is `tsconfig`: `testData` is
 * given to the page as `window.DOCGATE_TEST`; `plugins` come after the TypeScript one.
 */
export function browserTests({ port, tsconfig, testData, timeout, plugins = [] }) {
  return {
    files: ['src/**/*.test.ts'],
    port,
    nodeResolve: true,
    concurrency: 1,
    // The browser talks to the docgate server through real HTTP; tests read where it is here.
    testRunnerHtml: (testFramework) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<script>window.DOCGATE_TEST = ${JSON.stringify(testData)};</script>
</head><body><script type="module" src="${testFramework}"></script></body></html>`,
    testFramework: { config: { timeout } },
    plugins: [esbuildPlugin({ ts: true, tsconfig, target: 'es2022' }), ...plugins],
    browsers: [chromeLauncher({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs } })],
  };
}
