import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Lang } from './lang.js';

/**
 * Where a component's words are, one module per language (`() => import('./x.messages.en.js')`,
 * whose default export is the words): a page loads only its own language's (issue #6's budget
 * counts what a page loads; both languages together were a quarter of it).
 */
export type Loaders<T> = Readonly<Record<Lang, () => Promise<{ default: T }>>>;

type Loader = () => Promise<{ default: unknown }>;

interface Load {
  status: 'loading' | 'ready' | 'failed';
  words?: unknown;
  error?: unknown;
  settled: Promise<void>;
}

/** The page's loads, by loader: every element of a kind shares one. */
const loads = new Map<Loader, Load>();

function load(loader: Loader): Load {
  let entry = loads.get(loader);
  if (!entry) {
    const started: Load = { status: 'loading', settled: Promise.resolve() };
    started.settled = loader().then(
      (module) => {
        started.status = 'ready';
        started.words = module.default;
      },
      (error: unknown) => {
        started.status = 'failed';
        started.error = error;
      },
    );
    loads.set(loader, (entry = started));
  }
  return entry;
}

/** The words of `lang`, loaded once for the page (and shared with the elements). */
export async function loadWords<T>(loaders: Loaders<T>, lang: Lang): Promise<T> {
  const entry = load(loaders[lang]);
  await entry.settled;
  if (entry.status === 'failed') throw entry.error;
  return entry.words as T;
}

/** The words of `lang` if they have been loaded on this page, else undefined (no load is started). */
export function loaded<T>(loaders: Loaders<T>, lang: Lang): T | undefined {
  return loads.get(loaders[lang])?.words as T | undefined;
}

/** An element with a language that may change (DocgateElement: its `lang`, else the page's). */
export interface WordsHost extends ReactiveControllerHost {
  readonly language: Lang;
}

/**
 * A component's words in its host's current language. The host does not update until they are
 * here (DocgateElement.scheduleUpdate waits for `ready()`), so a render always has them, and a
 * language switch shows the old words until the new ones arrive rather than a blank.
 */
export class Words<T> implements ReactiveController {
  /** the words of the host's current update */
  #current: T | undefined;

  constructor(
    private readonly host: WordsHost,
    private readonly loaders: Loaders<T>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.ready();
  }

  hostUpdate(): void {
    this.#current = this.#load().words as T | undefined;
  }

  #load(): Load {
    return load(this.loaders[this.host.language]);
  }

  /**
   * The words of the host's current update, which waited for them: those on the screen, also
   * for an event handler that runs while another language's are on their way. Undefined only
   * when they could not be loaded (DocgateElement.wordsFailure).
   */
  get value(): T | undefined {
    return this.#current;
  }

  /** Settles when the words of the host's language have arrived or failed to; undefined when they have. */
  ready(): Promise<void> | undefined {
    const current = this.#load();
    return current.status === 'loading' ? current.settled : undefined;
  }

  /**
   * Asks again after a failure (a lost connection). Browsers that still keep a failed module in
   * their module map fail again at once (https://github.com/whatwg/html/issues/6768, fixed by
   * https://github.com/whatwg/html/pull/10327); a reload then helps.
   */
  retry(): void {
    const loader = this.loaders[this.host.language];
    if (loads.get(loader)?.status === 'failed') loads.delete(loader);
    this.host.requestUpdate();
  }
}
