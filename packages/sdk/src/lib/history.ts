const EVENT = 'docgate:locationchange';
let patched = false;

/**
 * Calls `listener` after every client-side route change: history.pushState and replaceState
 * (patched once, since no event reports them) and popstate.
 */
export function onLocationChange(listener: () => void): () => void {
  if (!patched) {
    patched = true;
    for (const method of ['pushState', 'replaceState'] as const) {
      const original = history[method];
      history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
        const result = original.apply(this, args);
        dispatchEvent(new Event(EVENT));
        return result;
      };
    }
  }
  addEventListener(EVENT, listener);
  addEventListener('popstate', listener);
  return () => {
    removeEventListener(EVENT, listener);
    removeEventListener('popstate', listener);
  };
}
