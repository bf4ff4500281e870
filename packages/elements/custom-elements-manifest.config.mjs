// custom-elements.json (named in package.json "customElements"), made by `npm run analyze` from
// the classes' doc blocks. Two corrections the analyzer cannot make alone:
// - events are dispatched as typed classes (`new DgSyncFinishedEvent(job)`), which it reads as
//   an event named after the argument: only the documented `dg-…` events are kept;
// - tags are registered through define() (which tolerates a second copy on the page), so each
//   `src/dg-<tag>.ts` entry gets the custom-element-definition a direct customElements.define
//   call would have given it.
export default {
  globs: ['src/dg-*.ts', 'src/*/*.ts', 'src/internal/docgate-element.ts', 'src/internal/stats-element.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.messages.ts', 'src/**/*.messages.*.ts', 'src/**/*.styles.ts', 'src/testing/**', 'src/internal/!(docgate-element|stats-element).ts'],
  litelement: true,
  plugins: [
    {
      name: 'docgate-corrections',
      packageLinkPhase({ customElementsManifest }) {
        const declarations = new Map();
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (declaration.events) declaration.events = declaration.events.filter((event) => event.name?.startsWith('dg-'));
            if (declaration.tagName) declarations.set(declaration.tagName, { name: declaration.name, module: module.path });
          }
        }
        for (const module of customElementsManifest.modules) {
          const tag = /^src\/(dg-[a-z-]+)\.ts$/.exec(module.path)?.[1];
          const declaration = tag && declarations.get(tag);
          if (declaration) (module.exports ??= []).push({ kind: 'custom-element-definition', name: tag, declaration });
        }
      },
    },
  ],
};
