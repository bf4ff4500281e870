// The organisation, documents, grants and reading the elements' browser tests start from. Built
// through the real API (a WeCom sync, the catalogue, grants, reading events), so every test reads
// what a deployment would hold.

/** A call to docgate as `userid` (dev login). */
async function as(server, userid) {
  const login = await fetch(`${server}/v1/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userid, site: 'docs' }) });
  if (!login.ok) throw new Error(`dev login of ${userid}: ${login.status} ${await login.text()}`);
  const { access_token: token } = await login.json();
  return async (method, path, body) => {
    const response = await fetch(`${server}/${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} as ${userid}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

export async function seedWorld({ server, wecom, sync }) {
  const rd = await wecom.createDepartment({ name: '产品研发中心', name_en: 'Product R&D', parentid: 1, order: 100000 });
  const frontend = await wecom.createDepartment({ name: '前端组', name_en: 'Front end', parentid: rd });
  const finance = await wecom.createDepartment({ name: '财务管理部', name_en: 'Finance', parentid: 1, order: 90000 });
  const people = [
    { userid: 'admin1', name: '管理员', department: [1] },
    { userid: 'manager1', name: '王经理', department: [rd] },
    { userid: 'reader1', name: '张伟', department: [frontend] },
    { userid: 'reader2', name: '李娜', department: [rd] },
    { userid: 'finance1', name: '陈静', department: [finance] },
    { userid: 'emily.chen', name: 'Emily Chen', department: [finance] },
  ];
  for (const person of people) await wecom.createUser({ ...person, position: '' });
  const newHires = await wecom.createTag({ tagname: '新员工 New hires' });
  await wecom.updateTag(newHires, { addUsers: ['reader1', 'emily.chen'] });

  // The first sync comes from the server itself (as `docgate sync` would): nobody can sign in
  // before the directory holds them.
  const job = await sync();
  if (job.state !== 'done') throw new Error(`seed sync failed: ${job.error}`);
  const admin = await as(server, 'admin1');
  await admin('POST', 'v1/sites/docs/catalog', {
    docs: [
      { path: '/handbook/', title: '员工手册 Handbook' },
      { path: '/handbook/intro', title: '入职指南 Onboarding' },
      { path: '/handbook/guide', title: '写作规范 Style guide' },
      { path: '/finance/', title: '财务 Finance' },
      { path: '/finance/budget', title: '2027 预算 Budget' },
    ],
  });
  await admin('POST', 'v1/sites/docs/grants', { path: '/handbook/', subject: `dept:${rd}/*`, level: 'read' });
  await admin('POST', 'v1/sites/docs/grants', { path: '/handbook/', subject: 'user:manager1', level: 'manage' });
  await admin('PUT', 'v1/sites/docs/restrictions', { path: '/finance/', restricted: true });
  await admin('POST', 'v1/sites/docs/grants', { path: '/finance/', subject: `dept:${finance}`, level: 'read' });
  return { departments: { rd, frontend, finance }, tags: { newHires }, people };
}

/**
 * A large company as a CSV file: 5 051 departments (50 divisions × 10 groups × 9 teams, and the
 * head office) and `members` (default 20 000) spread over the teams, deterministic; accounts
 * m00000, m00001, … (bench/elements.mjs uses 50 000).
 */
export function bigOrganisationCsv(members = 20000) {
  const lines = ['姓名,帐号,部门,职务'];
  lines.push('大管理员,bigadmin,总部,管理员');
  const teams = [];
  for (let division = 1; division <= 50; division++) {
    for (let group = 1; group <= 10; group++) {
      for (let team = 1; team <= 9; team++) teams.push(`事业部${division}/组${division}-${group}/小队${division}-${group}-${team}`);
    }
  }
  // 4 500 teams + 500 groups + 50 divisions + 总部: 5 051 departments, each team with members.
  for (let n = 0; n < members; n++) lines.push(`成员${n},m${String(n).padStart(5, '0')},${teams[n % teams.length]},工程师`);
  return lines.join('\n');
}
