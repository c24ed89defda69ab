import { locationService } from '@grafana/runtime';

/**
 * Grafana's interceptLinkClicks (public/app/core/navigation/patch/interceptLinkClicks.ts): a click on an
 * in-app link without a target becomes a router navigation instead of a page load, so plugins' plain <a>
 * and LinkButton hrefs stay inside the single-page app.
 */
export function interceptLinkClicks(event: MouseEvent): void {
  const anchor = event.target instanceof Element ? event.target.closest('a') : null;
  if (!anchor || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) {
    return;
  }
  let href = anchor.getAttribute('href');
  if (!href || anchor.getAttribute('target')) {
    return;
  }
  if (href.startsWith(window.location.origin)) {
    href = href.slice(window.location.origin.length) || '/';
  }
  if (!href.startsWith('/')) {
    // Another site, mail, an anchor in the page: the browser handles it.
    if (href.includes('://') || /^\s*mailto:/i.test(href) || href.startsWith('#')) {
      return;
    }
    href = `/${href}`;
  }
  // Files the server serves are not pages of the app.
  if (href.startsWith('/public/') || href.startsWith('/api/')) {
    return;
  }
  event.preventDefault();
  locationService.push(href);
}
