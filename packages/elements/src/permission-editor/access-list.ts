import type { AccessResponse, AccessUser, ExplainResponse } from '@docgate/protocol';
import type { Docgate } from '@docgate/sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { PagedSearch, type Page } from './paged-search.js';

export interface AccessTarget {
  api: Docgate;
  site: string;
  path: string;
}

type AccessCounts = Omit<AccessResponse, 'users' | 'next_cursor'>;

/**
 * "Who has access" (`GET v1/sites/:site/access`): the counts, and the members page by page,
 * searched by name or account.
 */
export class AccessList extends PagedSearch<AccessUser, Page<AccessUser> & { counts: AccessCounts }> {
  answer: AccessCounts | null = null;

  constructor(
    host: ReactiveControllerHost,
    private readonly target: () => AccessTarget | null,
  ) {
    super(host);
  }

  protected override async fetchPage(q: string, cursor: string | null): Promise<(Page<AccessUser> & { counts: AccessCounts }) | null> {
    const target = this.target();
    if (!target) return null;
    const searchParams: Record<string, string> = { path: target.path, limit: '50' };
    if (q) searchParams.q = q;
    if (cursor) searchParams.cursor = cursor;
    const { users, next_cursor, ...counts } = await target.api.request<AccessResponse>('GET', `v1/sites/${encodeURIComponent(target.site)}/access`, { searchParams });
    return { items: users, next: next_cursor, counts };
  }

  protected override received(answer: { counts: AccessCounts }): void {
    this.answer = answer.counts;
  }

  /** Forgets the list (another path); the query stays. */
  override reset(): void {
    super.reset();
    this.answer = null;
  }
}

export type Explanation =
  | { status: 'idle' }
  | { status: 'loading'; user: { id: string; name: string } }
  | { status: 'ready'; user: { id: string; name: string }; answer: ExplainResponse }
  | { status: 'error'; user: { id: string; name: string }; error: unknown };

/** "Why can X read this?" (`GET v1/sites/:site/explain`), the latest question only. */
export class Explainer implements ReactiveController {
  state: Explanation = { status: 'idle' };
  #generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly target: () => AccessTarget | null,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  clear(): void {
    this.#generation++;
    this.state = { status: 'idle' };
    this.host.requestUpdate();
  }

  async explain(user: { id: string; name: string }): Promise<void> {
    const target = this.target();
    if (!target) return;
    const generation = ++this.#generation;
    this.state = { status: 'loading', user };
    this.host.requestUpdate();
    try {
      const answer = await target.api.request<ExplainResponse>('GET', `v1/sites/${encodeURIComponent(target.site)}/explain`, {
        searchParams: { path: target.path, user: user.id },
      });
      if (generation === this.#generation) this.state = { status: 'ready', user, answer };
    } catch (error) {
      if (generation === this.#generation) this.state = { status: 'error', user, error };
    }
    this.host.requestUpdate();
  }
}
