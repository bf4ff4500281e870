// A rollup plugin for lit: the whitespace of html``, svg`` and css`` templates (their indentation,
// about 1 KB gzip of the elements' bundle) collapsed before terser, which leaves template
// strings alone. What a browser renders does not change:
// - html/svg: a run of spaces, tabs and line breaks becomes one space, which renders as the run
//   did (https://www.w3.org/TR/css-text-3/#white-space-phase-1); a template with <pre> or
//   <textarea>, where it would not, is left as it is. No space is removed: between inline
//   elements it is a visible gap.
// - css: comments go, whitespace collapses, and none is kept next to { } ; , or after a colon;
//   quoted strings are copied untouched. A space next to an interpolation stays (it may be a
//   descendant combinator).
import MagicString from 'magic-string';

const TAGS = new Set(['html', 'svg', 'css']);
const WHITESPACE = /[ \t\n\r\f]+/g;

/** One html/svg quasi: runs of whitespace as one space. */
export function collapseHtml(text) {
  return text.replace(WHITESPACE, ' ');
}

/**
 * One css quasi (`first`/`last`: it starts/ends the template, so whitespace there can go).
 * Strings are copied as they are; comments dropped; whitespace collapsed and dropped where CSS
 * does not need it.
 */
export function collapseCss(text, { first = true, last = true } = {}) {
  let out = '';
  let plain = '';
  const flush = () => {
    out += plain
      .replace(WHITESPACE, ' ')
      .replace(/ ?([{};,]) ?/g, '$1')
      .replace(/: /g, ':')
      .replace(/;}/g, '}');
    plain = '';
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"' || char === "'") {
      let end = i + 1;
      while (end < text.length && text[end] !== char) end += text[end] === '\\' ? 2 : 1;
      flush();
      out += text.slice(i, end + 1);
      i = end;
    } else if (char === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
      // a comment separates what is around it, as a space would
      plain += ' ';
    } else {
      plain += char;
    }
  }
  flush();
  if (first) out = out.replace(/^ /, '');
  if (last) out = out.replace(/ $/, '');
  return out;
}

/** Rewrites the templates of one module; null when it has none. */
export function collapseTemplates(code, ast) {
  const edits = [];
  const visit = (node) => {
    if (!node || typeof node.type !== 'string') return;
    if (node.type === 'TaggedTemplateExpression' && node.tag.type === 'Identifier' && TAGS.has(node.tag.name)) {
      const quasis = node.quasi.quasis;
      const raw = quasis.map((q) => code.slice(q.start, q.end));
      const keep = node.tag.name !== 'css' && raw.some((text) => /<(pre|textarea)\b/i.test(text));
      if (!keep) {
        quasis.forEach((q, i) => {
          const text =
            node.tag.name === 'css' ? collapseCss(raw[i], { first: i === 0, last: i === quasis.length - 1 }) : collapseHtml(raw[i]);
          if (text !== raw[i]) edits.push({ start: q.start, end: q.end, text });
        });
      }
    }
    for (const key in node) {
      const value = node[key];
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object' && key !== 'loc') visit(value);
    }
  };
  visit(ast);
  if (!edits.length) return null;
  const s = new MagicString(code);
  for (const { start, end, text } of edits) s.update(start, end, text);
  return s;
}

/** The plugin: modules whose id matches `include` (by default, all but node_modules). */
export function collapseTemplatesPlugin({ include = (id) => !id.includes('/node_modules/') } = {}) {
  return {
    name: 'collapse-templates',
    transform(code, id) {
      if (!include(id) || !/\b(html|svg|css) ?`/.test(code)) return null;
      const s = collapseTemplates(code, this.parse(code));
      return s && { code: s.toString(), map: s.generateMap({ hires: true, source: id }) };
    },
  };
}
