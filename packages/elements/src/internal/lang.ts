export type Lang = 'zh-CN' | 'en';

/**
 * The language of an element: its own `lang` attribute, else the nearest ancestor's (the page's
 * `<html lang>`), else the browser's. Chinese of any region reads zh-CN; everything else, en.
 */
export function langOf(element: HTMLElement): Lang {
  const declared = element.closest<HTMLElement>('[lang]')?.lang || document.documentElement.lang || navigator.language || 'en';
  return declared.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** Fills `{name}` placeholders. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
