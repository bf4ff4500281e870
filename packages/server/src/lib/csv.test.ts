import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCsv, writeCsv } from './csv.js';

describe('readCsv', () => {
  it('reads plain records with CRLF, LF and lone CR line breaks', () => {
    const { records, errors } = readCsv('a,b\r\n1,2\n3,4\r5,6');
    assert.deepEqual(errors, []);
    assert.deepEqual(records, [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
      { line: 4, fields: ['5', '6'] },
    ]);
  });

  it('keeps delimiters, doubled quotes and line breaks inside quoted fields, and counts lines', () => {
    const { records, errors } = readCsv('name,note\r\n"Chen, Emily","said ""hi""\r\nthen left"\r\nx,y\r\n');
    assert.deepEqual(errors, []);
    assert.deepEqual(records, [
      { line: 1, fields: ['name', 'note'] },
      { line: 2, fields: ['Chen, Emily', 'said "hi"\r\nthen left'] },
      { line: 4, fields: ['x', 'y'] },
    ]);
  });

  it('skips blank lines and lines of bare delimiters but keeps their line numbers', () => {
    const { records } = readCsv('a\n\n,,\nb\n');
    assert.deepEqual(records, [
      { line: 1, fields: ['a'] },
      { line: 4, fields: ['b'] },
    ]);
  });

  it('keeps empty trailing fields', () => {
    assert.deepEqual(readCsv('a,b,\n').records, [{ line: 1, fields: ['a', 'b', ''] }]);
  });

  it('reports an unclosed quote on the line where it was opened', () => {
    const { errors } = readCsv('a,b\n1,2\n3,"open\n4,5\n6,7\n');
    assert.deepEqual(errors, [{ line: 3, message: 'a quoted field opened on line 3 is never closed' }]);
  });

  it('reports text after a closing quote and goes on reading the next lines', () => {
    const { records, errors } = readCsv('a,b\n1,"x"y\n2,3\n4,"z" w\n');
    assert.deepEqual(
      errors.map((e) => e.line),
      [2, 4],
    );
    assert.deepEqual(records, [
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['2', '3'] },
    ]);
  });

  it('keeps a quote inside an unquoted field as text', () => {
    assert.deepEqual(readCsv('5" screen,ok\n').records, [{ line: 1, fields: ['5" screen', 'ok'] }]);
  });

  it('reads tab-separated text', () => {
    assert.deepEqual(readCsv('a\tb, c\n', '\t').records, [{ line: 1, fields: ['a', 'b, c'] }]);
  });
});

describe('writeCsv', () => {
  it('starts with a byte order mark, ends lines with CRLF, quotes what needs quoting and reads back', () => {
    const text = writeCsv(['user', 'name', 'note', 'seconds'], [
      ['zhangwei', '张伟', 'said "hi", then\nleft', 12.5],
      ['lina', null, '', 0],
    ]);
    assert.equal(text, '\uFEFFuser,name,note,seconds\r\nzhangwei,张伟,"said ""hi"", then\nleft",12.5\r\nlina,,,0\r\n');
    assert.deepEqual(readCsv(text.slice(1)).records.map((r) => r.fields), [
      ['user', 'name', 'note', 'seconds'],
      ['zhangwei', '张伟', 'said "hi", then\nleft', '12.5'],
      ['lina', '', '', '0'],
    ]);
  });

  it('neutralises text a spreadsheet would run as a formula, and leaves numbers alone', () => {
    const text = writeCsv(['v'], [['=cmd|\' /C calc\'!A0'], ['+1'], ['-2+3'], ['@SUM(A1)'], ['\tx'], ['\rx'], ['a=b'], [-5]]);
    assert.deepEqual(text.slice(1).split('\r\n').slice(1, -1), ["'=cmd|' /C calc'!A0", "'+1", "'-2+3", "'@SUM(A1)", "'\tx", '"\'\rx"', 'a=b', '-5']);
  });
});
