/** A department and all departments below it, for `dept:…/*` and the user filter. */
export function subtreeIds(departments: readonly { id: number; parentId: number | null }[], rootId: number): number[] {
  const children = new Map<number, number[]>();
  for (const d of departments) {
    if (d.parentId === null) continue;
    const list = children.get(d.parentId);
    if (list) list.push(d.id);
    else children.set(d.parentId, [d.id]);
  }
  const out: number[] = [];
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop()!;
    out.push(id);
    const below = children.get(id);
    if (below) stack.push(...below);
  }
  return out;
}
