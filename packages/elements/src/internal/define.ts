/**
 * Registers a custom element unless the tag is taken: a page that loads docgate's elements twice
 * (the bundle and an app's own copy) keeps the first and goes on, instead of throwing.
 */
export function define(tag: string, element: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (!existing) customElements.define(tag, element);
  else if (existing !== element) console.info(`[docgate] <${tag}> was already defined by another copy of @docgate/elements; keeping it`);
}
