import type { Dictionary } from '../internal/lang.js';

export const messages: Dictionary<{
  title: string;
  lastSync: string;
  never: string;
  syncNow: string;
  syncing: string;
  phase: Record<string, string>;
  state: Record<string, string>;
  trigger: Record<string, string>;
  started: string;
  finished: string;
  by: string;
  added: string;
  updated: string;
  removed: string;
  progress: string;
  progressOf: string;
  failedBecause: string;
  importTitle: string;
  importHint: string;
  file: string;
  mode: string;
  modeMerge: string;
  modeFull: string;
  check: string;
  import: string;
  importing: string;
  chooseFile: string;
  confirmFull: string;
  confirmFullAction: string;
  checked: string;
  imported: string;
  resultRows: string;
  resultAdded: string;
  resultUpdated: string;
  resultUnchanged: string;
  resultDisabled: string;
  resultDepartments: string;
  encoding: string;
  errorsTitle: string;
  errorsMore: string;
  line: string;
  column: string;
  problem: string;
  downloadErrors: string;
  lineErrors: Record<string, string>;
}> = {
  'zh-CN': {
    title: '通讯录同步',
    lastSync: '上次同步',
    never: '尚未同步过通讯录。',
    syncNow: '立即同步',
    syncing: '同步中…',
    phase: { starting: '准备中', departments: '读取部门', members: '读取成员', tags: '读取标签', applying: '写入通讯录', done: '完成', failed: '失败' },
    state: { running: '进行中', done: '成功', failed: '失败' },
    trigger: { api: '手动', schedule: '定时', cli: '命令行' },
    started: '开始时间',
    finished: '结束时间',
    by: '发起人',
    added: '新增成员',
    updated: '更新成员',
    removed: '离职成员',
    progress: '同步进度',
    progressOf: '{phase}：{done} / {total}',
    failedBecause: '同步失败：{error}',
    importTitle: '从 CSV 导入',
    importHint: '格式与企业微信“通讯录批量导入”相同：姓名、帐号、部门（上下级用 / 连接）为必填列。',
    file: 'CSV 文件',
    mode: '导入方式',
    modeMerge: '合并：新增和更新成员',
    modeFull: '完整：另外停用文件中没有的成员',
    check: '检查文件',
    import: '导入',
    importing: '导入中…',
    chooseFile: '请先选择一个 CSV 文件。',
    confirmFull: '完整导入将停用 {disabled} 名不在文件中的成员。确定继续吗？',
    confirmFullAction: '确定导入并停用',
    checked: '检查通过（未写入任何内容）',
    imported: '导入完成',
    resultRows: '行数',
    resultAdded: '新增',
    resultUpdated: '更新',
    resultUnchanged: '未变',
    resultDisabled: '停用',
    resultDepartments: '新增部门',
    encoding: '文件编码',
    errorsTitle: '文件有 {count} 处错误，未导入任何内容：',
    errorsMore: '只列出前 {shown} 处。',
    line: '行',
    column: '列',
    problem: '问题',
    downloadErrors: '下载错误报告',
    lineErrors: {
      encoding: '无法识别文件编码',
      syntax: 'CSV 格式错误',
      no_header: '缺少表头',
      duplicate_column: '列重复',
      missing_column: '缺少必填列',
      no_rows: '没有成员',
      missing_account: '帐号为空',
      invalid_account: '帐号无效',
      duplicate_account: '帐号重复',
      missing_name: '姓名为空',
      invalid_name: '姓名无效',
      invalid_mobile: '手机号无效',
      invalid_email: '邮箱无效',
      invalid_position: '职务无效',
      missing_department: '部门为空',
      invalid_department: '部门无效',
    },
  },
  en: {
    title: 'Directory sync',
    lastSync: 'Last sync',
    never: 'The directory has not been synced yet.',
    syncNow: 'Sync now',
    syncing: 'Syncing…',
    phase: { starting: 'Starting', departments: 'Reading departments', members: 'Reading members', tags: 'Reading tags', applying: 'Writing the directory', done: 'Done', failed: 'Failed' },
    state: { running: 'Running', done: 'Succeeded', failed: 'Failed' },
    trigger: { api: 'on demand', schedule: 'scheduled', cli: 'command line' },
    started: 'Started',
    finished: 'Finished',
    by: 'Started by',
    added: 'Members added',
    updated: 'Members updated',
    removed: 'Members who left',
    progress: 'Sync progress',
    progressOf: '{phase}: {done} / {total}',
    failedBecause: 'The sync failed: {error}',
    importTitle: 'Import from CSV',
    importHint: 'The format of WeCom’s contact import: name (姓名), account (帐号) and department (部门, levels joined by /) are required.',
    file: 'CSV file',
    mode: 'Mode',
    modeMerge: 'Merge: add and update members',
    modeFull: 'Full: also disable members missing from the file',
    check: 'Check file',
    import: 'Import',
    importing: 'Importing…',
    chooseFile: 'Choose a CSV file first.',
    confirmFull: 'A full import disables {disabled} members who are not in the file. Continue?',
    confirmFullAction: 'Import and disable',
    checked: 'The file is valid (nothing was written)',
    imported: 'Imported',
    resultRows: 'Rows',
    resultAdded: 'Added',
    resultUpdated: 'Updated',
    resultUnchanged: 'Unchanged',
    resultDisabled: 'Disabled',
    resultDepartments: 'Departments added',
    encoding: 'Encoding',
    errorsTitle: 'The file has {count} errors; nothing was imported:',
    errorsMore: 'Only the first {shown} are listed.',
    line: 'Line',
    column: 'Column',
    problem: 'Problem',
    downloadErrors: 'Download the error report',
    lineErrors: {
      encoding: 'Unknown encoding',
      syntax: 'CSV syntax',
      no_header: 'No header',
      duplicate_column: 'Duplicate column',
      missing_column: 'Missing column',
      no_rows: 'No members',
      missing_account: 'Empty account',
      invalid_account: 'Invalid account',
      duplicate_account: 'Duplicate account',
      missing_name: 'Empty name',
      invalid_name: 'Invalid name',
      invalid_mobile: 'Invalid mobile',
      invalid_email: 'Invalid email',
      invalid_position: 'Invalid position',
      missing_department: 'Empty department',
      invalid_department: 'Invalid department',
    },
  },
};
