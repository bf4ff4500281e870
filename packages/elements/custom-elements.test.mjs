// custom-elements.json (made by the build, named in package.json) describes the four elements:
// their tags, attributes, events, parts and custom properties, with no event that is not one.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url)));
const manifest = JSON.parse(readFileSync(new URL(`./${pkg.customElements}`, import.meta.url)));
const elements = new Map(manifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.tagName).map((d) => [d.tagName, d])));
const definitions = manifest.modules.flatMap((m) => (m.exports ?? []).filter((e) => e.kind === 'custom-element-definition').map((e) => e.name));

describe('custom-elements.json', () => {
  it('lists the four elements, each defined by its own entry', () => {
    assert.deepEqual([...elements.keys()].sort(), ['dg-directory-sync', 'dg-doc-stats', 'dg-permission-editor', 'dg-site-stats']);
    assert.deepEqual(definitions.sort(), ['dg-directory-sync', 'dg-doc-stats', 'dg-permission-editor', 'dg-site-stats']);
  });

  it('gives each its summary, attributes (the inherited site too), parts and custom properties', () => {
    for (const [tag, element] of elements) {
      assert.ok(element.summary, `${tag} has a summary`);
      assert.ok(element.attributes?.some((a) => a.name === 'site'), `${tag} inherits site`);
      assert.ok(element.cssParts?.some((p) => p.name === 'state'), `${tag} documents its state part`);
      assert.ok(element.cssProperties?.length, `${tag} documents custom properties`);
      assert.ok(element.cssProperties.every((p) => p.name.startsWith('--dg-')), `${tag}: custom properties are --dg-*`);
    }
    assert.ok(elements.get('dg-permission-editor').attributes.some((a) => a.name === 'path'));
    assert.ok(elements.get('dg-doc-stats').attributes.some((a) => a.name === 'path'));
  });

  it('names only the dg- events the elements fire', () => {
    assert.deepEqual(elements.get('dg-permission-editor').events.map((e) => e.name).sort(), ['dg-grant-added', 'dg-grant-removed', 'dg-restriction-changed']);
    assert.deepEqual(elements.get('dg-directory-sync').events.map((e) => e.name).sort(), ['dg-import-done', 'dg-sync-finished']);
    for (const element of elements.values()) for (const event of element.events ?? []) assert.match(event.name, /^dg-/);
  });
});
