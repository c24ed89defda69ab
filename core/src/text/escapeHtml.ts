const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Text made safe for a place that reads HTML: the five characters HTML gives meaning to become entities, so a
 * sanitiser that keeps links and images (Grafana's annotation tooltip renders an annotation's `text` through
 * `textUtil.sanitize`) shows the text as it was written. Finding titles and texts carry names an attacker on the
 * network can choose (hosts, assets, IDS signatures).
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character]);
}
