import type { AccessResponse, AccessUser, ExplainResponse } from '@docgate/protocol';
import type { Docgate } from '@docgate/sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { SEARCH_DELAY_MS, type SearchStatus } from './member-search.js';

export interface AccessTarget {
  api: Docgate;
  site: string;
  path: string;
}

/**
 * "Who has access" (`GET v1/sites/:site/access`): the counts, and the members page by page,
 * searched by name or account. As in MemberSearch, a newer query drops older answers.
 */
export class AccessList implements ReactiveController {
  status: SearchStatus = 'idle';
  error: unknown = null;
  answer: Omit<AccessResponse, 'users' | 'next_cursor'> | null = null;
  users: AccessUser[] = [];
  nextCursor: string | null = null;
  query = '';
  loadingMore = false;
  moreError: unknown = null;

  #generation = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly target: () => AccessTarget | null,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    clearTimeout(this.#timer);
    this.#generation++;
  }

  /** Forgets the list (another path). */
  reset(): void {
    clearTimeout(this.#timer);
    this.#generation++;
    this.status = 'idle';
    this.answer = null;
    this.users = [];
    this.nextCursor = null;
    this.loadingMore = false;
    this.moreError = null;
  }

  /** Asks again with the current query (a grant or restriction changed); the old list stays meanwhile. */
  reload(): void {
    clearTimeout(this.#timer);
    const generation = ++this.#generation;
    if (this.status !== 'ready') this.status = 'loading';
    this.host.requestUpdate();
    void this.#fetch(generation, null);
  }

  search(text: string): void {
    this.query = text;
    clearTimeout(this.#timer);
    const generation = ++this.#generation;
    this.status = 'loading';
    this.loadingMore = false;
    this.moreError = null;
    this.host.requestUpdate();
    this.#timer = setTimeout(() => void this.#fetch(generation, null), SEARCH_DELAY_MS);
  }

  async more(): Promise<void> {
    if (!this.nextCursor || this.loadingMore || this.status !== 'ready') return;
    this.loadingMore = true;
    this.moreError = null;
    this.host.requestUpdate();
    await this.#fetch(this.#generation, this.nextCursor);
  }

  async #fetch(generation: number, cursor: string | null): Promise<void> {
    const target = this.target();
    if (!target) return;
    const searchParams: Record<string, string> = { path: target.path, limit: '50' };
    const q = this.query.trim();
    if (q) searchParams.q = q;
    if (cursor) searchParams.cursor = cursor;
    try {
      const page = await target.api.request<AccessResponse>('GET', `v1/sites/${encodeURIComponent(target.site)}/access`, { searchParams });
      if (generation !== this.#generation) return;
      const { users, next_cursor, ...answer } = page;
      this.answer = answer;
      this.users = cursor ? [...this.users, ...users] : users;
      this.nextCursor = next_cursor;
      this.status = 'ready';
    } catch (error) {
      if (generation !== this.#generation) return;
      if (cursor) this.moreError = error;
      else {
        this.status = 'error';
        this.error = error;
      }
    } finally {
      if (generation === this.#generation && cursor) this.loadingMore = false;
      this.host.requestUpdate();
    }
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
