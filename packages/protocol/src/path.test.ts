import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizePath, parentFolder, pathAndAncestors } from './path.js';

const ok = (input: string, options = {}) => {
  const result = normalizePath(input, options);
  assert.ok(result.ok, `${input}: ${!result.ok && result.reason}`);
  return result.path;
};
const refused = (input: string) => {
  const result = normalizePath(input);
  assert.ok(!result.ok, `${input} should be refused`);
  return result.reason;
};

describe('normalizePath', () => {
  it('strips the query and the fragment', () => {
    assert.equal(ok('/a/b?x=1#top'), '/a/b');
    assert.equal(ok('/a/b#x?y'), '/a/b');
    assert.equal(ok('/?q'), '/');
  });

  it('keeps only the path of an absolute URL', () => {
    assert.equal(ok('https://docs.example.com/handbook/expenses.html?a#b'), '/handbook/expenses.html');
    assert.equal(ok('http://localhost:8788'), '/');
  });

  it('percent-decodes exactly once', () => {
    assert.equal(ok('/%E6%89%8B%E5%86%8C/%E6%8A%A5%E9%94%80'), '/手册/报销');
    assert.equal(ok('/a%2520b'), '/a%20b', 'a doubly-encoded space stays encoded once');
    assert.equal(ok('/a%2Fb'), '/a/b', 'an encoded slash is a slash');
    assert.match(refused('/a%E6%89'), /percent-encoding/);
  });

  it('collapses repeated slashes', () => {
    assert.equal(ok('//a///b//'), '/a/b/');
  });

  it('drops a trailing index.html, and .html when the site asks', () => {
    assert.equal(ok('/handbook/index.html'), '/handbook/');
    assert.equal(ok('/index.html'), '/');
    assert.equal(ok('/a/b.html'), '/a/b.html');
    assert.equal(ok('/a/b.html', { dropHtmlExtension: true }), '/a/b');
    assert.equal(ok('/a/index.html', { dropHtmlExtension: true }), '/a/');
    assert.equal(ok('/a/myindex.html'), '/a/myindex.html');
  });

  it('refuses .. segments, also when encoded, and control characters', () => {
    assert.match(refused('/a/../b'), /\.\./);
    assert.match(refused('/a/%2E%2E/b'), /\.\./);
    assert.match(refused('/..'), /\.\./);
    assert.equal(ok('/a/..b/c..'), '/a/..b/c..', 'dots inside a name are fine');
    assert.match(refused('/a%00b'), /control/);
    assert.match(refused('/a\nb'), /control/);
    assert.match(refused('/a%7Fb'), /control/);
  });

  it('refuses relative paths and overlong ones; keeps case', () => {
    assert.match(refused('handbook/a'), /start with/);
    assert.match(refused(''), /start with/);
    assert.match(refused(`/${'a'.repeat(2048)}`), /longer/);
    assert.equal(ok('/Handbook/A'), '/Handbook/A');
  });
});

describe('pathAndAncestors / parentFolder', () => {
  it('walk up from documents and folders to the root', () => {
    assert.deepEqual(pathAndAncestors('/a/b/c'), ['/a/b/c', '/a/b/', '/a/', '/']);
    assert.deepEqual(pathAndAncestors('/a/b/'), ['/a/b/', '/a/', '/']);
    assert.deepEqual(pathAndAncestors('/a'), ['/a', '/']);
    assert.deepEqual(pathAndAncestors('/'), ['/']);
    assert.equal(parentFolder('/a/b/c'), '/a/b/');
    assert.equal(parentFolder('/a/b/'), '/a/');
    assert.equal(parentFolder('/a'), '/');
    assert.equal(parentFolder('/'), null);
  });
});
