/** Lists of one kind of item kept per workspace, as the campaign stores hold them. */

/** Items listed per workspace id. */
export type ByWorkspace<T> = Readonly<Record<string, readonly T[]>>;

/** The lists with `item` put in its workspace's list: replaced where its id is there, else first. */
export function putInWorkspace<T extends { readonly id: string; readonly workspaceId: string }>(
  lists: ByWorkspace<T>,
  item: T,
): ByWorkspace<T> {
  const list = lists[item.workspaceId] ?? [];
  const next = list.some((x) => x.id === item.id) ? list.map((x) => (x.id === item.id ? item : x)) : [item, ...list];
  return { ...lists, [item.workspaceId]: next };
}
