// The floor of a sync: the same WeCom calls as `docgate sync`, with the same concurrency, and
// nothing done with the answers beyond parsing their JSON. Usage: node wecom-bare-read.mjs <base> <corpid> <secret>
const [base, corpid, secret] = process.argv.slice(2);
const get = async (path, query = {}) => {
  const response = await fetch(`${base}${path}?${new URLSearchParams(query)}`);
  const body = await response.json();
  if (body.errcode) throw new Error(`${path}: ${body.errcode} ${body.errmsg}`);
  return body;
};
const { access_token } = await get('/cgi-bin/gettoken', { corpid, corpsecret: secret });
const { department } = await get('/cgi-bin/department/list', { access_token });
const populated = new Set();
let cursor = '';
do {
  const response = await fetch(`${base}/cgi-bin/user/list_id?access_token=${access_token}`, { method: 'POST', body: JSON.stringify({ cursor, limit: 10000 }) });
  const page = await response.json();
  for (const row of page.dept_user) populated.add(row.department);
  cursor = page.next_cursor;
} while (cursor);
const ids = department.map((d) => d.id).filter((id) => populated.has(id));
let next = 0;
let users = 0;
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (next < ids.length) {
      const { userlist } = await get('/cgi-bin/user/list', { access_token, department_id: ids[next++] });
      users += userlist.length;
    }
  }),
);
const { taglist } = await get('/cgi-bin/tag/list', { access_token });
for (const tag of taglist) await get('/cgi-bin/tag/get', { access_token, tagid: tag.tagid });
process.stdout.write(`${department.length} departments, ${users} user rows, ${taglist.length} tags\n`);
