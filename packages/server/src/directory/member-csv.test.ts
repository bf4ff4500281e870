import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseMemberCsv } from './member-csv.js';

const fixture = (name: string) => readFileSync(new URL(`../../src/directory/fixtures/${name}`, import.meta.url));
const utf8 = (text: string) => Buffer.from(text, 'utf8');
const HEADER = '姓名,帐号,手机,邮箱,部门,职务';

describe('parseMemberCsv: encodings', () => {
  it('reads a GBK file saved by Excel on a Chinese Windows', () => {
    const result = parseMemberCsv(fixture('members-gbk.csv'));
    assert.deepEqual(result.errors, []);
    assert.equal(result.encoding, 'gbk');
    assert.deepEqual(
      result.rows.map((r) => [r.line, r.name, r.userid, r.departments, r.position]),
      [
        [2, '张伟', 'zhangwei', [['研发中心', '前端组']], '前端工程师'],
        [3, '王芳', 'wangfang', [['人力资源部'], ['研发中心', '测试组']], '招聘专员, HRBP'],
        [4, '欧阳明', 'ouyangming', [['兰亭科技', '财务部']], '会计'],
      ],
    );
    assert.equal(result.rows[1]!.email, null);
  });

  it('reads UTF-8 with a byte-order mark, which is stripped from the first header', () => {
    const result = parseMemberCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(`${HEADER}\n张伟,zhangwei,,,研发中心,工程师\n`)]));
    assert.deepEqual(result.errors, []);
    assert.equal(result.encoding, 'utf-8');
    assert.equal(result.rows[0]!.name, '张伟');
  });

  it('reads UTF-8 without a byte-order mark', () => {
    const result = parseMemberCsv(utf8(`${HEADER}\nEmily Chen,emily.chen,,,Sales,AE\n`));
    assert.deepEqual(result.errors, []);
    assert.equal(result.encoding, 'utf-8');
  });

  it('reads Excel "Unicode text": UTF-16LE with a BOM, tab-separated', () => {
    const result = parseMemberCsv(fixture('members-utf16.txt'));
    assert.deepEqual(result.errors, []);
    assert.equal(result.encoding, 'utf-16le');
    assert.deepEqual(
      result.rows.map((r) => [r.userid, r.departments]),
      [
        ['zhangwei', [['研发中心', '前端组']]],
        ['emily.chen', [['销售部', 'International Sales']]],
      ],
    );
  });

  it('refuses bytes that are neither UTF-8 nor GBK', () => {
    const result = parseMemberCsv(Buffer.from([0x80, 0xff, 0xfe, 0x81, 0x30, 0xff]));
    assert.equal(result.errors[0]!.code, 'encoding');
    assert.deepEqual(result.rows, []);
  });
});

describe('parseMemberCsv: layout', () => {
  it('finds columns by header in any order, with English or Chinese names, and ignores other columns', () => {
    const result = parseMemberCsv(utf8('Position,性别,Account,Name,Department\nQA,女,lina,李娜,研发中心/测试组\n'));
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.rows[0], {
      line: 2,
      userid: 'lina',
      name: '李娜',
      mobile: null,
      email: null,
      departments: [['研发中心', '测试组']],
      position: 'QA',
    });
  });

  it('skips instruction lines above the header, as in WeCom\'s template, and reads marked headers', () => {
    const text = '说明：带*的为必填项\n请勿修改表头\n姓名*,帐号*,别名,职务,部门*\n陈静,chenjing,,会计,财务部\n';
    const result = parseMemberCsv(utf8(text));
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.rows.map((r) => [r.line, r.userid]), [[4, 'chenjing']]);
  });

  it('reports a missing header', () => {
    const result = parseMemberCsv(utf8('张伟,zhangwei,研发中心\n'));
    assert.deepEqual(result.errors.map((e) => [e.line, e.code]), [[1, 'no_header']]);
  });

  it('reports a missing required column and a column given twice', () => {
    assert.deepEqual(
      parseMemberCsv(utf8('姓名,帐号\n张伟,zhangwei\n')).errors.map((e) => [e.line, e.code]),
      [[1, 'missing_column']],
    );
    assert.deepEqual(
      parseMemberCsv(utf8('姓名,帐号,部门,Name\n张伟,zhangwei,研发,x\n')).errors.map((e) => [e.line, e.code, e.column]),
      [[1, 'duplicate_column', 'Name']],
    );
  });

  it('refuses a file with a header and no members', () => {
    assert.deepEqual(parseMemberCsv(utf8(`${HEADER}\n\n`)).errors.map((e) => e.code), ['no_rows']);
    assert.deepEqual(parseMemberCsv(utf8('')).errors.map((e) => e.code), ['no_header']);
  });
});

describe('parseMemberCsv: rows', () => {
  it('lists every bad row with its line, column and a message naming the value', () => {
    const text = [
      HEADER, // 1
      '张伟,zhangwei,13800000001,zhangwei@x.cn,研发中心/前端组,工程师', // 2 ok
      ',nobody,,,研发中心,', // 3 no name
      '李四,,,,研发中心,', // 4 no account
      '王五,wang wu,,,研发中心,', // 5 bad account
      '赵六,ZhangWei,,,研发中心,', // 6 duplicate of line 2 (case-insensitive)
      '钱七,qianqi,1.38E+10,,研发中心,', // 7 Excel mangled the mobile
      '孙八,sunba,,not-an-email,研发中心,', // 8 bad email
      '周九,zhoujiu,,,,', // 9 no department
      '吴十,wushi,,,研发中心//前端组,', // 10 empty level
      '郑一,zhengyi,,,研发中心,工程师,extra,values', // 11 too many fields
      '"陈二,chener,,,研发中心,', // 12 unclosed quote → the rest of the file is one field
    ].join('\n');
    const result = parseMemberCsv(utf8(text));
    assert.deepEqual(
      result.errors.map((e) => [e.line, e.code, e.column ?? null]).sort((a, b) => (a[0] as number) - (b[0] as number)),
      [
        [3, 'missing_name', '姓名'],
        [4, 'missing_account', '帐号'],
        [5, 'invalid_account', '帐号'],
        [6, 'duplicate_account', '帐号'],
        [7, 'invalid_mobile', '手机'],
        [8, 'invalid_email', '邮箱'],
        [9, 'missing_department', '部门'],
        [10, 'invalid_department', '部门'],
        [11, 'too_many_fields', null],
        [12, 'syntax', null],
      ],
    );
    const duplicate = result.errors.find((e) => e.code === 'duplicate_account')!;
    assert.match(duplicate.message, /ZhangWei.*line 2/);
    assert.match(result.errors.find((e) => e.code === 'invalid_mobile')!.message, /scientific notation/);
  });

  it('counts the line a multi-line quoted row starts on', () => {
    const text = `${HEADER}\n张伟,zhangwei,,,研发中心,"前端\n工程师"\n李娜,,,,研发中心,\n`;
    const result = parseMemberCsv(utf8(text));
    assert.deepEqual(result.errors.map((e) => e.line), [4]);
    assert.equal(result.rows[0]!.position, '前端\n工程师');
  });

  it('trims values, accepts full-width semicolons and drops a repeated department', () => {
    const result = parseMemberCsv(utf8(`${HEADER}\n 张伟 , zhangwei ,,, 研发中心 / 前端组 ；销售部;研发中心/前端组 ,\n`));
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.rows[0]!.departments, [['研发中心', '前端组'], ['销售部']]);
    assert.equal(result.rows[0]!.name, '张伟');
    assert.equal(result.rows[0]!.userid, 'zhangwei');
  });

  it('accepts accounts with the characters WeCom allows and refuses one of 65 bytes', () => {
    const ok = parseMemberCsv(utf8(`${HEADER}\nA,a.b_c-d@e,,,X,\n`));
    assert.deepEqual(ok.errors, []);
    const long = parseMemberCsv(utf8(`${HEADER}\nA,${'a'.repeat(65)},,,X,\n`));
    assert.equal(long.errors[0]!.code, 'invalid_account');
    const leading = parseMemberCsv(utf8(`${HEADER}\nA,_abc,,,X,\n`));
    assert.equal(leading.errors[0]!.code, 'invalid_account');
  });
});
