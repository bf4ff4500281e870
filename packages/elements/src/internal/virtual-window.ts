import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Which rows of a long list to render: those in the scrolled viewport plus a margin. Rows have
 * one fixed height, so a list of 50 000 costs what a screenful does. The host renders
 * `top`..`end` inside a spacer of `total` pixels and calls `onScroll` from the viewport.
 */
export class VirtualWindow implements ReactiveController {
  scrollTop = 0;
  viewportHeight: number;

  constructor(
    private readonly host: ReactiveControllerHost,
    readonly rowHeight: number,
    viewportHeight = 320,
    private readonly overscan = 6,
  ) {
    this.viewportHeight = viewportHeight;
    host.addController(this);
  }

  hostConnected(): void {}

  /** rows [start, end) to render of `count` */
  range(count: number): { start: number; end: number; top: number; total: number } {
    const start = Math.max(0, Math.floor(this.scrollTop / this.rowHeight) - this.overscan);
    const end = Math.min(count, Math.ceil((this.scrollTop + this.viewportHeight) / this.rowHeight) + this.overscan);
    return { start, end, top: start * this.rowHeight, total: count * this.rowHeight };
  }

  readonly onScroll = (event: Event): void => {
    const viewport = event.currentTarget as HTMLElement;
    this.scrollTop = viewport.scrollTop;
    this.viewportHeight = viewport.clientHeight || this.viewportHeight;
    this.host.requestUpdate();
  };

  /** Scrolls `viewport` so that row `index` is in view (keyboard navigation). */
  reveal(viewport: HTMLElement | null | undefined, index: number): void {
    if (!viewport) return;
    const top = index * this.rowHeight;
    if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (top + this.rowHeight > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = top + this.rowHeight - viewport.clientHeight;
    this.scrollTop = viewport.scrollTop;
    this.host.requestUpdate();
  }

  /** Back to the first row (the list changed). */
  reset(viewport: HTMLElement | null | undefined): void {
    this.scrollTop = 0;
    if (viewport) viewport.scrollTop = 0;
  }
}
