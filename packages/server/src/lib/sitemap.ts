/**
 * The <loc> addresses of a sitemap (https://www.sitemaps.org/protocol.html). Sitemaps are
 * machine-written and flat, so reading the <loc> elements of a <urlset> is all it takes; a full
 * XML parser would add weight for nothing.
 */
export function sitemapLocations(xml: string): { locations: string[] } | { error: string } {
  const text = xml.replace(/^\uFEFF/, '').replace(/<!--[\s\S]*?-->/g, '');
  if (/<sitemapindex[\s>]/.test(text)) {
    return { error: 'this is a sitemap index; post each sitemap it lists instead' };
  }
  if (!/<urlset[\s>]/.test(text)) return { error: 'not a sitemap: no <urlset> element' };
  const locations: string[] = [];
  for (const match of text.matchAll(/<loc>\s*(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*?))\s*<\/loc>/g)) {
    locations.push(match[1] ?? decodeEntities(match[2] ?? ''));
  }
  return { locations };
}

function decodeEntities(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, entity: string) => {
    switch (entity.toLowerCase()) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
    }
    const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return String.fromCodePoint(code);
  });
}
