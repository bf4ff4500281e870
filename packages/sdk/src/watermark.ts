import type { Docgate } from './create-docgate.js';

export interface WatermarkOptions {
  /**
   * What to cover: an element, or a selector looked up again whenever the page changes (a
   * client-side router may replace the content). Default: the first `main`, `[role=main]` or
   * `article`; without one, or while the element is out of the document, the whole viewport.
   */
  target?: Element | string;
  /** 0..1, default 0.12; the text takes the target's text colour, so it shows on dark themes too */
  opacity?: number;
  /** degrees, default -20 */
  angle?: number;
  /** CSS pixels, default 14 */
  fontSize?: number;
  /** CSS pixels between two copies of the text, default 64 */
  gap?: number;
}

export interface Watermark {
  /** what is drawn now; "" while nobody is signed in (then nothing is shown) and after remove() */
  readonly text: string;
  /** draws again: the signed-in member (or `source.text`), today's date, the target, the pixel ratio */
  update(): void;
  /** takes the watermark off for good (the only way to) */
  remove(): void;
}

/**
 * The reader's name, account and today's date tiled faintly over the content, so that a
 * screenshot or a photo of the screen can be traced (as WeCom's confidential messages do). Given
 * a Docgate client it follows sign-ins and sign-outs; given `{text}` it draws that. It deters and
 * traces; it cannot stop someone with DevTools (docs/sdk.md, "Watermark").
 *
 * The text is drawn on a canvas (never parsed as HTML) and used as a repeating mask over the
 * target's text colour. The element keeps its styles in a closed shadow root as `:host{…
 * !important}`: important declarations of an inner context beat the page's, even inline ones
 * (https://drafts.csswg.org/css-cascade-5/#cascade-context), so page CSS can neither hide nor
 * restyle it. Taken out of the page or given other attributes, it is repaired, at most 10 times
 * a second.
 */
export function watermark(
  source: Pick<Docgate, 'user' | 'on'> | { text: string },
  { target = 'main,[role=main],article', opacity = 0.12, angle = -20, fontSize = 14, gap = 64 }: WatermarkOptions = {},
): Watermark {
  const root = document.documentElement;
  const host = document.createElement('dg-watermark');
  const style = host.attachShadow({ mode: 'closed' }).appendChild(document.createElement('style'));
  let tile = '';
  let off = false;
  let repairs = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let midnight: ReturnType<typeof setTimeout> | undefined;
  let resolution: MediaQueryList | undefined;
  /** where the watermark was last put, and the target made a containing block (to put back) */
  let placed: HTMLElement | null = null;
  let positioned: HTMLElement | null = null;

  function paint() {
    style.textContent =
      (
        `:host{all:initial;position:${placed == root ? 'fixed' : 'absolute'};inset:0;z-index:2147483647;pointer-events:none;user-select:none;` +
        `visibility:inherit;color:inherit;background:currentColor;opacity:${opacity};print-color-adjust:exact;-webkit-print-color-adjust:exact;`
      ).replace(/;/g, '!important;') + tile;
  }

  function sync() {
    let into = typeof target == 'string' ? document.querySelector(target) : target;
    if (!into?.isConnected) into = root;
    if (off || !shown.text) host.remove();
    // Out of place, or attributes other than aria-hidden="true".
    else if (host.parentNode != into || host.getAttributeNames() + '' != 'aria-hidden' || host.ariaHidden != 'true') {
      // A page removing it as fast as it comes back must not spin the CPU: two mutation observers
      // answering each other would never leave the microtask queue.
      if (repairs > 9) {
        retry ??= setTimeout(() => {
          retry = undefined;
          sync();
        }, 1e3);
        return;
      }
      repairs++;
      setTimeout(() => repairs--, 1e3);
      for (const name of host.getAttributeNames()) host.removeAttribute(name);
      host.ariaHidden = 'true';
      into.append(host);
    }
    if (host.parentElement != placed) {
      placed = host.parentElement;
      positioned?.style.removeProperty('position');
      // The watermark covers the target's padding box, which `inset: 0` reaches only from a
      // containing block: the least a static target can be made one with is `relative`.
      positioned = placed != root && placed && getComputedStyle(placed).position == 'static' ? placed : null;
      positioned?.style.setProperty('position', 'relative');
      paint();
    }
    // Our own changes are not news.
    observer.takeRecords();
  }

  function render() {
    if (off) return;
    if ('text' in source) shown.text = source.text;
    else {
      const user = source.user();
      // The local time, as if it were UTC: its date is today's here, without the locale's data.
      const local = Date.now() - new Date().getTimezoneOffset() * 6e4;
      shown.text = user ? `${user.name} ${user.id} ${new Date(local).toISOString().slice(0, 10)}` : '';
      // A page left open overnight shows the new day.
      clearTimeout(midnight);
      midnight = setTimeout(render, 864e5 - (local % 864e5));
    }
    const ratio = devicePixelRatio || 1;
    // Zoomed, or moved to a screen of another density: draw again, crisp.
    if (resolution) resolution.onchange = null;
    resolution = matchMedia(`(resolution:${ratio}dppx)`);
    resolution.onchange = render;

    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d')!;
    const font = `${fontSize}px system-ui,"PingFang SC","Microsoft YaHei",sans-serif`;
    const radians = (angle * Math.PI) / 180;
    const cos = Math.abs(Math.cos(radians));
    const sin = Math.abs(Math.sin(radians));
    context.font = font;
    const width = context.measureText(shown.text).width;
    // The rotated text's bounding box, and the gap.
    canvas.width = (width * cos + fontSize * sin + gap) * ratio;
    canvas.height = (width * sin + fontSize * cos + gap) * ratio;
    context.setTransform(ratio, 0, 0, ratio, canvas.width / 2, canvas.height / 2);
    context.rotate(radians);
    context.font = font; // resizing the canvas reset it
    // Left-aligned on the alphabetic baseline (the defaults): centred, near enough.
    context.fillText(shown.text, -width / 2, fontSize / 3);
    // The prefixed shorthand is the one spelling every engine takes (Chromium before 120 has no
    // unprefixed mask). Its size in CSS pixels, with the canvas's device pixels under it.
    tile = `-webkit-mask:url(${canvas.toDataURL()}) 0 0/${canvas.width / ratio}px!important}`;
    paint();
    sync();
  }

  const shown = {
    text: '',
    update: render,
    remove() {
      off = true;
      shown.text = '';
      observer.disconnect();
      unsubscribe?.();
      clearTimeout(midnight);
      resolution!.onchange = null;
      sync(); // the retry, if one is due, finds it off
    },
  };
  const observer = new MutationObserver(sync);
  observer.observe(document, { childList: true, subtree: true });
  observer.observe(host, { attributes: true });
  const unsubscribe = 'text' in source ? undefined : source.on('user', render);
  render();
  return shown as Watermark;
}
