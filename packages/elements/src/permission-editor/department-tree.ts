import type { Department } from '@docgate/protocol';
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import { formatNumber } from '../internal/format.js';
import { fill, type Lang } from '../internal/lang.js';
import { VirtualWindow } from '../internal/virtual-window.js';
import type { PermissionEditorMessages } from './permission-editor.messages.js';
import { plural } from './subjects.js';

/** One visible line of the tree, with what ARIA needs when only a window of lines is in the DOM. */
export interface TreeRow {
  department: Department;
  /** 1 for the roots */
  level: number;
  setSize: number;
  position: number;
  hasChildren: boolean;
}

export interface TreeHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** Fixed line height in px: the virtual window computes positions from it (styles use the same). */
export const TREE_ROW_HEIGHT = 30;
const VIEWPORT_HEIGHT = 270;

/**
 * The department tree of the picker: WeCom's flat list made into a tree (siblings by WeCom's
 * `order`, higher first), expanded and collapsed, narrowed by a filter to the matches and their
 * ancestors, and rendered as an ARIA tree of which only the scrolled window of lines (plus the
 * focused one) is in the DOM, so 5 000 departments cost what a screenful does. Keyboard as the
 * ARIA Authoring Practices' tree view: https://www.w3.org/WAI/ARIA/apg/patterns/treeview/
 */
export class DepartmentTree implements ReactiveController {
  readonly window: VirtualWindow;
  /** the chosen department (Enter, Space or a click) */
  selected: number | null = null;
  filter = '';
  /** departments matching the filter (0 without one) */
  matches = 0;

  #byId = new Map<number, Department>();
  #children = new Map<number | null, Department[]>();
  /** every department in display order (depth first), with the text the filter looks in */
  #ordered: Array<{ department: Department; text: string }> = [];
  /** while filtering: how many of each department's children are shown */
  #visibleChildCount = new Map<number, number>();
  #expanded = new Set<number>();
  /** while filtering: the departments shown (matches and their ancestors) and those opened */
  #visible: Set<number> | null = null;
  #filterExpanded = new Set<number>();
  #rows: TreeRow[] | null = null;
  #indexOf = new Map<number, number>();
  #active: number | null = null;

  constructor(
    private readonly host: TreeHost,
    private readonly onChoose: (department: Department) => void,
  ) {
    this.window = new VirtualWindow(host, TREE_ROW_HEIGHT, VIEWPORT_HEIGHT);
    host.addController(this);
  }

  hostConnected(): void {}

  get loaded(): boolean {
    return this.#byId.size > 0;
  }

  department(id: number): Department | undefined {
    return this.#byId.get(id);
  }

  /** Takes the directory's departments; the roots start open. */
  setDepartments(departments: Department[]): void {
    this.#byId = new Map(departments.map((d) => [d.id, d]));
    this.#children = new Map();
    for (const d of departments) {
      // A department whose parent is missing (a partial sync) still shows, as a root.
      const parent = d.parentId !== null && this.#byId.has(d.parentId) ? d.parentId : null;
      let siblings = this.#children.get(parent);
      if (!siblings) this.#children.set(parent, (siblings = []));
      siblings.push(d);
    }
    for (const siblings of this.#children.values()) siblings.sort((a, b) => b.order - a.order || a.id - b.id);
    this.#ordered = [];
    const walk = (parent: number | null) => {
      for (const d of this.#children.get(parent) ?? []) {
        this.#ordered.push({ department: d, text: `${d.name}\n${d.nameEn ?? ''}`.toLowerCase() });
        walk(d.id);
      }
    };
    walk(null);
    this.#expanded = new Set((this.#children.get(null) ?? []).map((d) => d.id));
    this.#active = null;
    this.#invalidate();
    if (this.filter) this.setFilter(this.filter);
  }

  /** Narrows the tree to departments whose name (Chinese or English) contains `text`, and their ancestors. */
  setFilter(text: string): void {
    this.filter = text;
    const q = text.trim().toLowerCase();
    this.matches = 0;
    if (!q) {
      this.#visible = null;
    } else {
      const visible = new Set<number>();
      const opened = new Set<number>();
      const childCount = new Map<number, number>();
      let first: number | null = null;
      for (const { department: d, text } of this.#ordered) {
        if (!text.includes(q)) continue;
        this.matches++;
        first ??= d.id;
        if (visible.has(d.id)) continue;
        visible.add(d.id);
        for (let child = d, p = this.#parentOf(d); p !== null; child = this.#byId.get(p)!, p = this.#parentOf(child)) {
          childCount.set(p, (childCount.get(p) ?? 0) + 1);
          opened.add(p);
          if (visible.has(p)) break;
          visible.add(p);
        }
      }
      this.#visible = visible;
      this.#visibleChildCount = childCount;
      this.#filterExpanded = opened;
      this.#active = first;
    }
    this.#invalidate();
    if (!q) this.#active = this.selected !== null && this.#indexOf.has(this.selected) ? this.selected : null;
    this.window.reset(this.#viewport());
    if (this.#active !== null) this.window.reveal(this.#viewport(), this.#indexOf.get(this.#active)!);
    this.host.requestUpdate();
  }

  /** The visible lines, top to bottom. */
  get rows(): TreeRow[] {
    if (!this.#rows) {
      const rows: TreeRow[] = [];
      const walk = (parent: number | null, level: number) => {
        const children = this.#visibleChildren(parent);
        children.forEach((department, i) => {
          const hasChildren = this.#visible ? (this.#visibleChildCount.get(department.id) ?? 0) > 0 : (this.#children.get(department.id)?.length ?? 0) > 0;
          rows.push({ department, level, setSize: children.length, position: i + 1, hasChildren });
          if (hasChildren && this.#isExpanded(department.id)) walk(department.id, level + 1);
        });
      };
      walk(null, 1);
      this.#rows = rows;
      this.#indexOf = new Map(rows.map((row, i) => [row.department.id, i]));
    }
    return this.#rows;
  }

  /** the line that holds the roving tabindex */
  get activeIndex(): number {
    const rows = this.rows;
    const index = this.#active === null ? undefined : this.#indexOf.get(this.#active);
    return index ?? (rows.length ? 0 : -1);
  }

  /** Moves focus into the tree (from the filter box). */
  focus(): void {
    const index = this.activeIndex;
    if (index >= 0) void this.#moveTo(index);
  }

  /** Chooses the department and shows it in the tree, even when it is collapsed or filtered out. */
  choose(id: number): void {
    if (!this.#byId.has(id)) return;
    this.selected = id;
    if (this.#visible && !this.#visible.has(id)) this.setFilter('');
    for (let p = this.#parentOf(this.#byId.get(id)!); p !== null; p = this.#parentOf(this.#byId.get(p)!)) this.#openedSet().add(p);
    this.#active = id;
    this.#invalidate();
    this.host.requestUpdate();
  }

  #parentOf(d: Department): number | null {
    return d.parentId !== null && this.#byId.has(d.parentId) ? d.parentId : null;
  }

  #visibleChildren(parent: number | null): Department[] {
    const children = this.#children.get(parent) ?? [];
    const visible = this.#visible;
    return visible ? children.filter((d) => visible.has(d.id)) : children;
  }

  #openedSet(): Set<number> {
    return this.#visible ? this.#filterExpanded : this.#expanded;
  }

  #isExpanded(id: number): boolean {
    return this.#openedSet().has(id);
  }

  #invalidate(): void {
    this.#rows = null;
    void this.rows;
  }

  #viewport(): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>('[role=tree]');
  }

  #toggle(id: number, open: boolean): void {
    const opened = this.#openedSet();
    if (open) opened.add(id);
    else opened.delete(id);
    this.#invalidate();
    this.host.requestUpdate();
  }

  async #moveTo(index: number): Promise<void> {
    const rows = this.rows;
    if (!rows.length) return;
    const row = rows[Math.max(0, Math.min(rows.length - 1, index))]!;
    this.#active = row.department.id;
    this.window.reveal(this.#viewport(), this.#indexOf.get(row.department.id)!);
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLElement>(`[role=treeitem][data-id="${row.department.id}"]`)?.focus();
  }

  readonly #onKeyDown = (event: KeyboardEvent): void => {
    const rows = this.rows;
    const index = this.activeIndex;
    const row = rows[index];
    if (!row) return;
    const page = Math.max(1, Math.floor(this.window.viewportHeight / TREE_ROW_HEIGHT) - 1);
    const id = row.department.id;
    switch (event.key) {
      case 'ArrowDown':
        void this.#moveTo(index + 1);
        break;
      case 'ArrowUp':
        void this.#moveTo(index - 1);
        break;
      case 'PageDown':
        void this.#moveTo(index + page);
        break;
      case 'PageUp':
        void this.#moveTo(index - page);
        break;
      case 'Home':
        void this.#moveTo(0);
        break;
      case 'End':
        void this.#moveTo(rows.length - 1);
        break;
      case 'ArrowRight':
        if (!row.hasChildren) break;
        if (this.#isExpanded(id)) void this.#moveTo(index + 1);
        else this.#toggle(id, true);
        break;
      case 'ArrowLeft': {
        if (row.hasChildren && this.#isExpanded(id)) {
          this.#toggle(id, false);
          break;
        }
        const parent = this.#parentOf(row.department);
        if (parent !== null && this.#indexOf.has(parent)) void this.#moveTo(this.#indexOf.get(parent)!);
        break;
      }
      case 'Enter':
      case ' ':
        this.#select(row.department);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  #select(department: Department): void {
    this.selected = department.id;
    this.#active = department.id;
    this.onChoose(department);
    this.host.requestUpdate();
  }

  render(lang: Lang, m: PermissionEditorMessages, label: string): TemplateResult {
    const rows = this.rows;
    const { start, end, total } = this.window.range(rows.length);
    const active = this.activeIndex;
    // The window, and the focused line wherever it is, in line order: the focused node is never
    // moved or dropped while the list scrolls (a moved node loses focus).
    const indices: number[] = [];
    if (active >= 0 && active < start) indices.push(active);
    for (let i = start; i < end; i++) indices.push(i);
    if (active >= end) indices.push(active);
    const q = this.filter.trim();
    return html`${q
        ? html`<p class="muted count" role="status">${this.matches ? plural(lang, this.matches, m.filterCount, { count: formatNumber(lang, this.matches) }) : fill(m.noDepartmentMatch, { q })}</p>`
        : nothing}
      <div
        class="tree"
        part="tree"
        role="tree"
        aria-label=${label}
        style=${styleMap({ height: `${this.window.viewportHeight}px` })}
        @scroll=${this.window.onScroll}
        @keydown=${this.#onKeyDown}
        ?hidden=${!rows.length}
      >
        <div class="spacer" role="none" style=${styleMap({ height: `${total}px` })}>
          ${repeat(
            indices,
            (i) => rows[i]!.department.id,
            (i) => this.#renderRow(rows[i]!, i, i === active),
          )}
        </div>
      </div>`;
  }

  #renderRow(row: TreeRow, index: number, active: boolean): TemplateResult {
    const d = row.department;
    const expanded = row.hasChildren ? String(this.#isExpanded(d.id)) : undefined;
    return html`<div
      role="treeitem"
      class="treeitem"
      data-id=${d.id}
      tabindex=${active ? 0 : -1}
      aria-level=${row.level}
      aria-setsize=${row.setSize}
      aria-posinset=${row.position}
      aria-expanded=${expanded ?? nothing}
      aria-selected=${String(this.selected === d.id)}
      style=${styleMap({ top: `${index * TREE_ROW_HEIGHT}px`, paddingInlineStart: `${(row.level - 1) * 1.25 + 0.25}rem` })}
      @click=${() => this.#select(d)}
      @focus=${() => (this.#active = d.id)}
    >
      <span
        class="toggle"
        aria-hidden="true"
        @click=${(event: Event) => {
          event.stopPropagation();
          if (row.hasChildren) this.#toggle(d.id, !this.#isExpanded(d.id));
        }}
        >${row.hasChildren ? (this.#isExpanded(d.id) ? '▾' : '▸') : ''}</span
      >
      <span class="name">${d.name}</span>${d.nameEn && d.nameEn !== d.name ? html`<span class="muted name-en" lang="en">${d.nameEn}</span>` : nothing}
    </div>`;
  }
}
