// The whitespace collapsing of lit templates in the elements' bundle: what it may change and what
// it must leave alone. (That the components render the same: scripts/screenshots.mjs with and
// without it gave identical pixels.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rollup } from 'rollup';
import { collapseCss, collapseHtml, collapseTemplatesPlugin } from './collapse-templates.mjs';

describe('collapseHtml', () => {
  it('makes each run of whitespace one space, and keeps the space between inline elements', () => {
    assert.equal(collapseHtml('<div>\n      <b>a</b>\n      <i>b</i> <u>c</u>\n    </div>'), '<div> <b>a</b> <i>b</i> <u>c</u> </div>');
    assert.equal(collapseHtml('<p\n  class="x"\n  role="status"\n>'), '<p class="x" role="status" >');
  });

  it('leaves non-breaking spaces alone', () => {
    assert.equal(collapseHtml('a\u00a0\u00a0b'), 'a\u00a0\u00a0b');
  });
});

describe('collapseCss', () => {
  it('drops indentation, comments and the spaces around punctuation', () => {
    assert.equal(collapseCss('\n  /* why */\n  :host {\n    display: block;\n  }\n  h2,\n  h3 {\n    margin: 0 0 var(--_space);\n  }\n'), ':host{display:block}h2,h3{margin:0 0 var(--_space)}');
  });

  it('keeps the spaces that mean something: combinators, calc(), values, and before a colon', () => {
    assert.equal(collapseCss('.a .b > .c {\n  padding: calc(var(--s) * 2) 1px;\n}'), '.a .b > .c{padding:calc(var(--s) * 2) 1px}');
    assert.equal(collapseCss('.a :focus-visible { outline: 0 }'), '.a :focus-visible{outline:0}');
  });

  it('copies quoted strings untouched', () => {
    assert.equal(collapseCss(".x::before {\n  content: '  a ;  {b}  ';\n  font-family: 'Segoe UI',  \"PingFang SC\";\n}"), ".x::before{content:'  a ;  {b}  ';font-family:'Segoe UI',\"PingFang SC\"}");
  });

  it('keeps a space next to an interpolation, which may be a descendant combinator', () => {
    assert.equal(collapseCss('\n  .tree ', { first: true, last: false }), '.tree ');
    assert.equal(collapseCss(' .item {\n  top: 0;\n}\n', { first: false, last: true }), ' .item{top:0}');
  });
});

describe('collapseTemplatesPlugin', () => {
  const build = async (code) => {
    const warnings = [];
    const bundle = await rollup({
      input: 'entry.js',
      external: ['lit'],
      onwarn: (warning) => warnings.push(warning),
      plugins: [{ name: 'virtual', resolveId: (id) => (id === 'entry.js' ? id : null), load: (id) => (id === 'entry.js' ? code : null) }, collapseTemplatesPlugin()],
    });
    const { output } = await bundle.generate({ format: 'es', sourcemap: true });
    return { code: output[0].code, map: output[0].map, warnings };
  };

  it('rewrites html, svg and css templates, leaves other template strings and <pre>/<textarea> alone, with a source map', async () => {
    const { code, map, warnings } = await build(
      [
        "import { css, html, svg } from 'lit';",
        'export const a = (x) => html`<p>\n    ${x}\n  </p>`;',
        'export const b = svg`<g>\n    <rect></rect>\n  </g>`;',
        'export const c = css`:host {\n    display: block;\n  }`;',
        'export const d = html`<pre>\n  keep\n    this</pre>`;',
        'export const e = html`<textarea>\n  and this</textarea>`;',
        'export const f = `plain\n    text`;',
        'export const g = other`tagged\n    otherwise`;',
      ].join('\n'),
    );
    assert.match(code, /html`<p> \$\{x\} <\/p>`/);
    assert.match(code, /svg`<g> <rect><\/rect> <\/g>`/);
    assert.match(code, /css`:host\{display:block\}`/);
    assert.match(code, /<pre>\n  keep\n    this<\/pre>/);
    assert.match(code, /<textarea>\n  and this<\/textarea>/);
    assert.match(code, /`plain\n    text`/);
    assert.match(code, /other`tagged\n    otherwise`/);
    assert.ok(map.mappings.length > 0);
    assert.deepEqual(warnings.map((w) => w.code), []);
  });
});
