import type { ImportLineError } from '@docgate/protocol';
import { readCsv } from '../lib/csv.js';

/**
 * Reads a member list in the column layout of WeCom's own batch import (通讯录批量导入):
 * 姓名 name, 帐号 account (userid), 手机 mobile, 邮箱 email, 部门 departments, 职务 position.
 * Columns are found by their header, in any order; other columns (性别, 别名, …) are ignored.
 */

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gbk';

export interface MemberCsvRow {
  line: number;
  userid: string;
  name: string;
  mobile: string | null;
  email: string | null;
  /** each department as its path of names from the top, e.g. [["研发中心", "前端组"]] */
  departments: string[][];
  position: string;
}

export interface MemberCsv {
  encoding: CsvEncoding;
  rows: MemberCsvRow[];
  errors: ImportLineError[];
}

type Field = 'name' | 'userid' | 'mobile' | 'email' | 'departments' | 'position';

const HEADER_ALIASES: Record<Field, string[]> = {
  name: ['姓名', '成员姓名', 'name'],
  userid: ['帐号', '账号', '成员帐号', '成员账号', 'userid', 'account', 'user id'],
  mobile: ['手机', '手机号', '手机号码', 'mobile', 'phone'],
  email: ['邮箱', '个人邮箱', '电子邮箱', 'email', 'e-mail'],
  departments: ['部门', '所在部门', 'department', 'departments'],
  position: ['职务', '职位', 'position', 'title'],
};
const FIELD_BY_HEADER = new Map<string, Field>(
  Object.entries(HEADER_ALIASES).flatMap(([field, names]) => names.map((n) => [n, field as Field])),
);
const REQUIRED: Field[] = ['name', 'userid', 'departments'];

/** WeCom's rules for a userid: 1–64 bytes of letters, digits and _ - @ ., starting with a letter or digit. */
const USERID = /^[A-Za-z0-9][A-Za-z0-9_.@-]*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_DEPARTMENT_DEPTH = 15;

export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: CsvEncoding } | { error: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return decodeStrict(bytes.subarray(3), 'utf-8');
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeStrict(bytes.subarray(2), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeStrict(bytes.subarray(2), 'utf-16be');
  const utf8 = decodeStrict(bytes, 'utf-8');
  if ('text' in utf8) return utf8;
  // Not UTF-8: Excel on a Chinese Windows saves "CSV (逗号分隔)" in the ANSI code page, GBK.
  // gb18030 is GBK's superset, so it reads every GBK file.
  const gbk = decodeStrict(bytes, 'gb18030');
  if ('text' in gbk) return { text: gbk.text, encoding: 'gbk' };
  return {
    error: 'the file is neither UTF-8 nor GBK text; in Excel choose "Save as" → "CSV UTF-8 (逗号分隔)"',
  };
}

function decodeStrict(bytes: Uint8Array, label: string): { text: string; encoding: CsvEncoding } | { error: string } {
  try {
    const text = new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
    return { text, encoding: label as CsvEncoding };
  } catch {
    return { error: `not ${label}` };
  }
}

function normalizeHeader(cell: string): string {
  return cell
    .replace(/[（(][^）)]*[）)]/g, '') // "帐号(必填)"
    .replace(/[*＊]/g, '') // "姓名*"
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

export function parseMemberCsv(bytes: Uint8Array): MemberCsv {
  const decoded = decodeCsvBytes(bytes);
  if ('error' in decoded) {
    return { encoding: 'utf-8', rows: [], errors: [{ line: 1, code: 'encoding', message: decoded.error }] };
  }
  const { text, encoding } = decoded;
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  // Excel's "Unicode text" is tab-separated.
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const { records, errors: syntaxErrors } = readCsv(text, delimiter);
  const errors: ImportLineError[] = syntaxErrors.map((e) => ({ line: e.line, code: 'syntax', message: e.message }));

  // The header is the first row naming both a name and an account column; WeCom's template
  // puts a few lines of instructions above it, which are skipped.
  const headerIndex = records.slice(0, 10).findIndex((r) => {
    const fields = new Set(r.fields.map((c) => FIELD_BY_HEADER.get(normalizeHeader(c))));
    return fields.has('name') && fields.has('userid');
  });
  if (headerIndex < 0) {
    errors.unshift({
      line: records[0]?.line ?? 1,
      code: 'no_header',
      message:
        'no header row found: the file needs a row naming its columns, with at least 姓名 (name), 帐号 (account) and 部门 (department)',
    });
    return { encoding, rows: [], errors };
  }
  const header = records[headerIndex]!;
  const columns = new Map<Field, number>();
  header.fields.forEach((cell, index) => {
    const field = FIELD_BY_HEADER.get(normalizeHeader(cell));
    if (!field) return;
    if (columns.has(field)) {
      errors.push({
        line: header.line,
        column: cell.trim(),
        code: 'duplicate_column',
        message: `the column "${cell.trim()}" appears twice (as "${header.fields[columns.get(field)!]!.trim()}" too)`,
      });
    } else {
      columns.set(field, index);
    }
  });
  for (const field of REQUIRED) {
    if (!columns.has(field)) {
      errors.push({
        line: header.line,
        code: 'missing_column',
        message: `the header has no ${HEADER_ALIASES[field][0]} (${field === 'userid' ? 'account' : field}) column`,
      });
    }
  }
  if (errors.some((e) => e.code === 'missing_column' || e.code === 'duplicate_column')) {
    return { encoding, rows: [], errors };
  }
  const headerName = (field: Field) => header.fields[columns.get(field)!]!.trim();
  const lastUsefulColumn = header.fields.reduce((last, cell, i) => (cell.trim() ? i : last), 0);

  const rows: MemberCsvRow[] = [];
  const seen = new Map<string, number>(); // lower-cased userid → line
  for (const record of records.slice(headerIndex + 1)) {
    const { line, fields } = record;
    const cell = (field: Field) => {
      const index = columns.get(field);
      return index === undefined ? '' : (fields[index] ?? '').trim();
    };
    const fail = (field: Field | null, code: string, message: string) =>
      errors.push(field ? { line, column: headerName(field), code, message } : { line, code, message });
    const before = errors.length;

    const extra = fields.slice(lastUsefulColumn + 1).filter((f) => f.trim() !== '');
    if (extra.length) {
      fail(
        null,
        'too_many_fields',
        `the row has ${fields.length} fields but the header names ${lastUsefulColumn + 1}; a value containing a comma must be quoted`,
      );
    }

    const userid = cell('userid');
    if (!userid) fail('userid', 'missing_account', 'the account (帐号) is empty');
    else if (!USERID.test(userid) || Buffer.byteLength(userid) > 64) {
      fail(
        'userid',
        'invalid_account',
        `the account "${userid}" must be 1–64 letters, digits or _ - @ . and start with a letter or digit`,
      );
    } else {
      const key = userid.toLowerCase();
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        fail('userid', 'duplicate_account', `the account "${userid}" also appears on line ${earlier}`);
      } else {
        seen.set(key, line);
      }
    }

    const name = cell('name');
    if (!name) fail('name', 'missing_name', 'the name (姓名) is empty');
    else if ([...name].length > 64) fail('name', 'invalid_name', `the name "${name.slice(0, 20)}…" is longer than 64 characters`);

    let mobile: string | null = cell('mobile') || null;
    if (mobile) {
      if (/^\d(\.\d+)?E\+\d+$/i.test(mobile)) {
        fail('mobile', 'invalid_mobile', `the mobile number "${mobile}" was turned into scientific notation by Excel; format the column as text`);
      } else if (!/^\+?\d{5,20}$/.test(mobile.replace(/[\s-]/g, ''))) {
        fail('mobile', 'invalid_mobile', `the mobile number "${mobile}" is not a phone number`);
      }
    }
    const email = cell('email') || null;
    if (email && (!EMAIL.test(email) || email.length > 64)) {
      fail('email', 'invalid_email', `the email "${email}" is not an email address`);
    }

    const position = cell('position');
    if ([...position].length > 128) fail('position', 'invalid_position', 'the position (职务) is longer than 128 characters');

    const departments: string[][] = [];
    const rawDepartments = cell('departments');
    if (!rawDepartments) fail('departments', 'missing_department', 'the department (部门) is empty');
    const seenPaths = new Set<string>();
    for (const part of rawDepartments.split(/[;；]/)) {
      if (!part.trim()) continue;
      const levels = part.split('/').map((l) => l.trim());
      if (levels.some((l) => l === '')) {
        fail('departments', 'invalid_department', `the department "${part.trim()}" has an empty level between slashes`);
      } else if (levels.length > MAX_DEPARTMENT_DEPTH) {
        fail('departments', 'invalid_department', `the department "${part.trim()}" is deeper than ${MAX_DEPARTMENT_DEPTH} levels`);
      } else if (levels.some((l) => [...l].length > 64)) {
        fail('departments', 'invalid_department', `a level of "${part.trim()}" is longer than 64 characters`);
      } else {
        const key = levels.join('/');
        if (!seenPaths.has(key)) {
          seenPaths.add(key);
          departments.push(levels);
        }
      }
    }
    if (rawDepartments && departments.length === 0 && errors.length === before) {
      fail('departments', 'missing_department', 'the department (部门) is empty');
    }
    if (errors.length === before) {
      rows.push({ line, userid, name, mobile, email, departments, position });
    }
  }
  if (rows.length === 0 && errors.length === 0) {
    errors.push({ line: header.line, code: 'no_rows', message: 'the file has a header but no members' });
  }
  return { encoding, rows, errors };
}
