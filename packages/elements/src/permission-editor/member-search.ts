import type { DirectoryUser, UsersResponse } from '@docgate/protocol';
import type { Docgate } from '@docgate/sdk';
import type { ReactiveControllerHost } from 'lit';
import { PagedSearch, type Page } from './paged-search.js';

/** A search of the directory's members (`GET v1/directory/users?q=&cursor=`), page by page. */
export class MemberSearch extends PagedSearch<DirectoryUser> {
  constructor(
    host: ReactiveControllerHost,
    private readonly api: () => Docgate | null,
    private readonly limit = 50,
  ) {
    super(host);
  }

  protected override async fetchPage(q: string, cursor: string | null): Promise<Page<DirectoryUser> | null> {
    const api = this.api();
    if (!api) return null;
    const searchParams: Record<string, string> = { limit: String(this.limit) };
    if (q) searchParams.q = q;
    if (cursor) searchParams.cursor = cursor;
    const page = await api.request<UsersResponse>('GET', 'v1/directory/users', { searchParams });
    return { items: page.users, next: page.next_cursor };
  }

  /** Forgets the query and its results (the panel closed, or the signed-in member changed). */
  override reset(): void {
    super.reset();
    this.query = '';
  }
}
