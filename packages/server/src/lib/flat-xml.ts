/**
 * The top-level elements of WeCom's callback XML (`<xml><ToUserName><![CDATA[…]]></ToUserName>
 * <CreateTime>1403610513</CreateTime>…</xml>`): flat, text or CDATA values. A nested element
 * (ExtAttr) is skipped as a whole. Written here: a general XML parser would be most of the work.
 */
export function readFlatXml(xml: string): Record<string, string> {
  const root = /<xml>([\s\S]*)<\/xml>/.exec(xml);
  const out: Record<string, string> = {};
  if (!root) return out;
  for (const match of root[1]!.matchAll(/<([A-Za-z][\w]*)>([\s\S]*?)<\/\1>/g)) {
    const [, name, content] = match as unknown as [string, string, string];
    // One CDATA section, or several (a value holding "]]>" is split: <![CDATA[a]]]]><![CDATA[>b]]>).
    const sections = [...content.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)];
    if (sections.length && content.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '').trim() === '') out[name] = sections.map((m) => m[1]!).join('');
    else if (!content.includes('<')) out[name] = decodeEntities(content.trim());
  }
  return out;
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]!);
}
