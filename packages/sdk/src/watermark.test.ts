import { expect } from '@open-wc/testing';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import type { SessionUser } from '@docgate/protocol';
import type { Docgate } from './create-docgate.js';
import { createDocgate, devSignIn } from './index.js';
import { server, site, until } from './testing/helpers.js';
import { watermark, type Watermark } from './watermark.js';

/** What the SDK's client offers a watermark, with sign-ins and sign-outs the test decides. */
function fakeDocgate(user: SessionUser | null = null) {
  const listeners = new Set<(user: SessionUser | null) => void>();
  const fake: Pick<Docgate, 'user' | 'on'> & { signIn(next: SessionUser | null): void } = {
    user: () => user,
    on(event, listener) {
      if (event === 'user') listeners.add(listener);
      return () => listeners.delete(listener);
    },
    signIn(next) {
      user = next;
      for (const listener of listeners) listener(user);
    },
  };
  return fake;
}

const zhangwei: SessionUser = { id: 'zhangwei', name: '张伟', departments: [{ id: 2, name: '研发中心' }] };
const pad = (n: number) => String(n).padStart(2, '0');
const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};
const FONT = '14px system-ui,"PingFang SC","Microsoft YaHei",sans-serif';

const hosts = () => [...document.querySelectorAll('dg-watermark')] as HTMLElement[];
const host = () => {
  const found = hosts();
  expect(found).to.have.length(1, 'one watermark in the page');
  return found[0]!;
};
const main = () => document.querySelector('main')!;
const nextFrame = () => new Promise((r) => requestAnimationFrame(r));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rect = (element: Element) => {
  const { left, top, width, height } = element.getBoundingClientRect();
  return { left, top, width, height };
};

/** The tile as the browser uses it: the mask image read back from the computed style, decoded. */
async function tileOf(element: HTMLElement) {
  const style = getComputedStyle(element);
  const mask = style.getPropertyValue('mask-image') || style.getPropertyValue('-webkit-mask-image');
  const url = /^url\("?(data:image\/png;base64,[^")]+)"?\)$/.exec(mask)?.[1];
  expect(url, `a PNG data URL as the mask, not ${mask.slice(0, 60)}`).to.be.a('string');
  const image = new Image();
  image.src = url!;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.naturalWidth;
  canvas.height = image.naturalHeight;
  const context = canvas.getContext('2d')!;
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  // The bounding box of the ink (pixels that are not fully transparent).
  let inked = 0;
  let left = Infinity;
  let right = -Infinity;
  for (let y = 0; y < canvas.height; y++) {
    for (let x = 0; x < canvas.width; x++) {
      if (data[(y * canvas.width + x) * 4 + 3]! > 0) {
        inked++;
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
    }
  }
  const cssWidth = parseFloat(style.getPropertyValue('mask-size') || style.getPropertyValue('-webkit-mask-size'));
  return { url: url!, width: image.naturalWidth, cssWidth, inked, inkWidth: right - left + 1 };
}

describe('watermark', () => {
  let made: Watermark[] = [];
  const make = (...args: Parameters<typeof watermark>) => {
    const w = watermark(...args);
    made.push(w);
    return w;
  };

  beforeEach(() => {
    document.body.innerHTML = '<header>Handbook</header><main><h1>Plans</h1><p>The 2027 budget.</p></main>';
  });
  afterEach(() => {
    for (const w of made) w.remove();
    made = [];
    document.body.removeAttribute('style');
  });

  it("draws the signed-in member's name, account and today's date", async () => {
    const w = make(fakeDocgate(zhangwei), { angle: 0 });
    expect(w.text).to.equal(`张伟 zhangwei ${today()}`);
    const tile = await tileOf(host());
    expect(tile.inked).to.be.greaterThan(100, 'the tile is not blank');
    // With no rotation, the ink is as wide as the text in that font: the whole string was drawn.
    const context = document.createElement('canvas').getContext('2d')!;
    context.font = FONT;
    const expected = context.measureText(w.text).width * devicePixelRatio;
    expect(tile.inkWidth).to.be.within(expected - 4, expected + 2);
    const short = await tileOf((make({ text: 'x' }, { angle: 0, target: 'header' }), document.querySelector('header dg-watermark')!));
    expect(short.inkWidth).to.be.lessThan(tile.inkWidth / 5, 'other text, other ink');
  });

  it('draws the given text, tilted by default, and draws again on update()', async () => {
    const source = { text: 'Confidential · 机密' };
    const w = make(source);
    expect(w.text).to.equal('Confidential · 机密');
    const first = await tileOf(host());
    source.text = 'Confidential · 机密 · copy 7';
    w.update();
    expect(w.text).to.equal('Confidential · 机密 · copy 7');
    const second = await tileOf(host());
    expect(second.url).not.to.equal(first.url);
    expect(second.inkWidth).to.be.greaterThan(first.inkWidth);
    const flat = await tileOf((w.remove(), make(source, { angle: 0 }), host()));
    expect(flat.width).to.be.greaterThan(second.width, 'a tilted text needs a narrower tile than a flat one');
  });

  it('never parses names as HTML or CSS', async () => {
    const w = window as unknown as { pwned?: number };
    const name = `</style><img src=x onerror="window.pwned=1"><style>*{display:none}</style>")}:host{display:none!important}`;
    const wm = make(fakeDocgate({ id: 'mallory', name, departments: [] }));
    expect(wm.text).to.equal(`${name} mallory ${today()}`);
    await sleep(200); // an <img src=x> would have failed to load by now
    expect(w.pwned).to.equal(undefined);
    expect(document.querySelectorAll('img, dg-watermark style')).to.have.length(0);
    expect(getComputedStyle(host()).display).to.equal('block');
    expect((await tileOf(host())).inked).to.be.greaterThan(100);
  });

  it('covers the content element and follows its resizes, without a layout change', async () => {
    main().style.cssText = 'display:block;margin:20px;padding:10px;width:300px;height:200px';
    const content = rect(main().querySelector('p')!);
    make(fakeDocgate(zhangwei));
    expect(rect(main().querySelector('p')!)).to.deep.equal(content);
    const element = host();
    expect(element.parentElement === main(), 'inside <main>').to.be.true;
    expect(getComputedStyle(element).position).to.equal('absolute');
    expect(main().style.position).to.equal('relative', 'a static target becomes a containing block');
    expect(rect(element)).to.deep.equal(rect(main()));
    main().style.width = '420px';
    main().style.height = '900px';
    expect(rect(element)).to.deep.equal(rect(main()));
    main().append(Object.assign(document.createElement('p'), { textContent: 'More.' }));
    main().style.height = '';
    await nextFrame();
    expect(rect(element)).to.deep.equal(rect(main()), 'content growing the target');
  });

  it('covers the viewport when the page has no content element, and moves into one that comes later', async () => {
    document.body.innerHTML = '<div>Plans</div>';
    document.body.style.height = '3000px';
    make(fakeDocgate(zhangwei));
    const element = host();
    expect(element.parentElement?.nodeName).to.equal('HTML');
    expect(getComputedStyle(element).position).to.equal('fixed');
    scrollTo(0, 500);
    expect(rect(element)).to.deep.equal({ left: 0, top: 0, width: innerWidth, height: innerHeight });
    scrollTo(0, 0);
    // A client-side router renders the content.
    document.body.append(document.createElement('article'));
    await until(() => element.parentElement === document.querySelector('article'), 1000, 'the move into <article>');
    expect(getComputedStyle(element).position).to.equal('absolute');
  });

  it('leaves a positioned target as it is, and puts a static one back on remove()', () => {
    main().style.position = 'sticky';
    const w = make({ text: 'x' });
    expect(main().style.position).to.equal('sticky');
    w.remove();
    main().style.position = '';
    const v = make({ text: 'x' });
    expect(main().getAttribute('style')).to.equal('position: relative;');
    v.remove();
    expect(main().getAttribute('style')).to.equal('');
  });

  it('lets every pointer through to the content, and is hidden from assistive technology', () => {
    main().style.cssText = 'display:block;height:300px';
    make(fakeDocgate(zhangwei));
    const element = host();
    const paragraph = main().querySelector('p')!;
    const { left, top, width, height } = paragraph.getBoundingClientRect();
    expect(document.elementFromPoint(left + width / 2, top + height / 2)?.nodeName).to.equal('P');
    let clicked = false;
    paragraph.addEventListener('click', () => (clicked = true));
    (document.elementFromPoint(left + 5, top + height / 2) as HTMLElement).click();
    expect(clicked).to.be.true;
    const style = getComputedStyle(element);
    expect(style.pointerEvents).to.equal('none');
    expect(style.userSelect).to.equal('none');
    expect(element.getAttribute('aria-hidden')).to.equal('true');
    expect(element.textContent).to.equal('', 'nothing for a screen reader or a copy');
  });

  it("is faint, in the content's text colour (light on a dark theme), and above the content", () => {
    main().style.color = 'rgb(230, 237, 243)';
    make(fakeDocgate(zhangwei));
    const style = getComputedStyle(host());
    expect(style.opacity).to.equal('0.12');
    expect(style.backgroundColor).to.equal('rgb(230, 237, 243)');
    expect(style.zIndex).to.equal('2147483647');
    main().style.color = 'rgb(31, 35, 40)';
    expect(getComputedStyle(host()).backgroundColor).to.equal('rgb(31, 35, 40)', 'follows a theme switch without drawing again');
    made[0]!.remove();
    make(fakeDocgate(zhangwei), { opacity: 0.3 });
    expect(getComputedStyle(host()).opacity).to.equal('0.3');
  });

  it("cannot be hidden or restyled by the page's CSS, even inline !important, nor in print", async () => {
    const sheet = document.createElement('style');
    sheet.textContent =
      'dg-watermark,main>*{display:none!important;opacity:1!important;width:0!important;mask:none!important;-webkit-mask:none!important}' +
      '@media print{dg-watermark{visibility:hidden!important;position:static!important}}';
    document.head.append(sheet);
    try {
      make(fakeDocgate(zhangwei));
      const element = host();
      element.style.setProperty('display', 'none', 'important');
      element.style.setProperty('opacity', '1', 'important');
      const check = async () => {
        const style = getComputedStyle(element);
        expect(style.display).to.equal('block');
        expect(style.visibility).to.equal('visible');
        expect(style.opacity).to.equal('0.12');
        expect(style.position).to.equal('absolute');
        expect(style.getPropertyValue('print-color-adjust')).to.equal('exact', 'printed even without "background graphics"');
        expect((await tileOf(element)).inked).to.be.greaterThan(100);
      };
      await check();
      await emulateMedia({ media: 'print' });
      try {
        await check();
      } finally {
        await emulateMedia({ media: 'screen' });
      }
    } finally {
      sheet.remove();
    }
  });

  it('comes back when removed from the page, or when its attributes are changed', async () => {
    make(fakeDocgate(zhangwei));
    const element = host();
    element.remove();
    await until(() => element.parentElement === main(), 1000, 'the return after remove()');
    main().innerHTML = '<p>Rewritten.</p>';
    await until(() => element.parentElement === main(), 1000, 'the return after innerHTML');
    element.setAttribute('style', 'display:none !important');
    element.hidden = true;
    element.removeAttribute('aria-hidden');
    await until(() => element.attributes.length === 1, 1000, 'attributes restored');
    expect(element.getAttribute('aria-hidden')).to.equal('true');
    // The content element replaced by a new one (a client-side route change).
    main().replaceWith(Object.assign(document.createElement('main'), { textContent: 'Next page' }));
    await until(() => element.parentElement === main(), 1000, 'the move into the new <main>');
    expect(hosts()).to.have.length(1);
  });

  it('comes back at most ten times a second when a script keeps removing it', async () => {
    make(fakeDocgate(zhangwei));
    let inserted = 0;
    const counter = new MutationObserver((records) => {
      for (const record of records) for (const node of record.addedNodes) if (node.nodeName === 'DG-WATERMARK') inserted++;
    });
    counter.observe(document.body, { childList: true, subtree: true });
    // Removes it the moment it comes back: two observers answering each other would never leave
    // the microtask queue, and this test would hang.
    const hostile = new MutationObserver(() => document.querySelector('dg-watermark')?.remove());
    hostile.observe(document.body, { childList: true, subtree: true });
    document.querySelector('dg-watermark')!.remove();
    let frames = 0;
    const started = performance.now();
    while (performance.now() - started < 2100) {
      await nextFrame();
      frames++;
    }
    hostile.disconnect();
    expect(inserted).to.be.within(10, 31, 'about ten a second over two seconds');
    expect(frames).to.be.greaterThan(20, 'the page kept rendering');
    await until(() => hosts().length === 1, 1500, 'the return once the script stopped');
    counter.disconnect();
  });

  it('remove() takes it off for good', async () => {
    const w = make(fakeDocgate(zhangwei));
    const element = host();
    w.remove();
    expect(element.isConnected).to.be.false;
    expect(w.text).to.equal('');
    main().append(document.createElement('p'));
    w.update();
    await sleep(50);
    expect(hosts()).to.have.length(0);
    expect(main().style.position).to.equal('');
  });

  it('shows while someone is signed in, and follows sign-ins and sign-outs', async () => {
    const docgate = fakeDocgate(null);
    const w = make(docgate);
    expect(w.text).to.equal('');
    expect(hosts()).to.have.length(0);
    docgate.signIn(zhangwei);
    expect(w.text).to.equal(`张伟 zhangwei ${today()}`);
    const first = await tileOf(host());
    docgate.signIn({ id: 'chenjing', name: '陈静', departments: [] });
    expect(w.text).to.equal(`陈静 chenjing ${today()}`);
    expect((await tileOf(host())).url).not.to.equal(first.url);
    docgate.signIn(null);
    expect(hosts()).to.have.length(0);
    main().append(document.createElement('p'));
    await sleep(50);
    expect(hosts()).to.have.length(0, 'nobody signed in: nothing to put back');
  });

  it("follows a real client's sign-in and sign-out", async () => {
    const docgate = createDocgate({ server, site, lang: 'en', storage: null, signIn: devSignIn({ userid: 'chenjing' }) });
    const w = make(docgate);
    expect(hosts()).to.have.length(0);
    await docgate.signIn();
    expect(w.text).to.equal(`陈静 chenjing ${today()}`);
    expect(host().parentElement?.nodeName).to.equal('MAIN');
    await docgate.signOut();
    expect(w.text).to.equal('');
    expect(hosts()).to.have.length(0);
  });

  it('draws for the screen it is on: again, crisp, when the pixel ratio changes', async () => {
    make(fakeDocgate(zhangwei));
    const before = await tileOf(host());
    expect(before.width).to.equal(Math.round(before.cssWidth * devicePixelRatio));
    const { innerWidth: width, innerHeight: height } = window;
    // Emulation re-evaluates media queries on a resize only, so the width changes too (a real
    // zoom or a move to another screen reports the new resolution by itself).
    await setViewport({ width: width - 10, height, deviceScaleFactor: 2 } as Parameters<typeof setViewport>[0]);
    try {
      await until(() => devicePixelRatio === 2, 2000, 'the new pixel ratio');
      await until(() => getComputedStyle(host()).getPropertyValue('mask-image') !== `url("${before.url}")`, 2000, 'a new tile');
      const after = await tileOf(host());
      expect(after.cssWidth).to.be.closeTo(before.cssWidth, 1, 'the same size on the page');
      expect(after.width).to.equal(Math.round(after.cssWidth * 2), 'twice the pixels');
    } finally {
      await setViewport({ width, height, deviceScaleFactor: 1 } as Parameters<typeof setViewport>[0]);
    }
  });
});
