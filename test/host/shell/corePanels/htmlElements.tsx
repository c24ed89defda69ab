import { createElement, type ReactNode } from 'react';

/**
 * Tags a text panel may show, and the attributes each keeps: what Markdown produces plus the plain HTML a
 * dashboard author writes. Anything else keeps its text but loses its tag; scripts and styles are dropped.
 */
const ALLOWED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  a: ['href', 'title'],
  abbr: ['title'],
  b: [],
  blockquote: [],
  br: [],
  code: [],
  del: [],
  div: [],
  em: [],
  h1: [],
  h2: [],
  h3: [],
  h4: [],
  h5: [],
  h6: [],
  hr: [],
  i: [],
  img: ['src', 'alt', 'title', 'width', 'height'],
  li: [],
  ol: ['start'],
  p: [],
  pre: [],
  s: [],
  small: [],
  span: [],
  strong: [],
  sub: [],
  sup: [],
  table: [],
  tbody: [],
  td: ['colspan', 'rowspan', 'align'],
  th: ['colspan', 'rowspan', 'align'],
  thead: [],
  tr: [],
  u: [],
  ul: [],
};

const DROPPED_WITH_CONTENT = new Set(['script', 'style', 'iframe', 'object', 'embed', 'template', 'noscript']);
const VOID_TAGS = new Set(['br', 'hr', 'img']);
const REACT_ATTRIBUTE_NAMES: Readonly<Record<string, string>> = { colspan: 'colSpan', rowspan: 'rowSpan' };

/**
 * Links and images only to the web, mail, or a path of this page's site: no javascript: or data: URLs. Browsers
 * ignore whitespace and control characters inside a scheme, so they are removed before it is read.
 */
function safeUrl(value: string): boolean {
  const compact = [...value].filter((char) => char.charCodeAt(0) > 32).join('');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact);
  return scheme === null || ['http', 'https', 'mailto'].includes(scheme[1].toLowerCase());
}

function attributesOf(element: Element, tag: string): Record<string, string> {
  const props: Record<string, string> = {};
  for (const name of ALLOWED_ATTRIBUTES[tag] ?? []) {
    const value = element.getAttribute(name);
    // A link or image left without an address (a sanitiser may empty one) gets no attribute at all.
    if (value === null || ((name === 'href' || name === 'src') && (value.trim() === '' || !safeUrl(value)))) {
      continue;
    }
    props[REACT_ATTRIBUTE_NAMES[name] ?? name] = value;
  }
  if (tag === 'a' && /^https?:/i.test(props.href ?? '')) {
    props.target = '_blank';
    props.rel = 'noreferrer noopener';
  }
  return props;
}

function toReact(node: Node, key: string): ReactNode {
  if (node.nodeType === Node.TEXT_NODE) {
    return node.textContent;
  }
  if (!(node instanceof Element)) {
    return null;
  }
  const tag = node.tagName.toLowerCase();
  if (DROPPED_WITH_CONTENT.has(tag)) {
    return null;
  }
  const children = [...node.childNodes].map((child, index) => toReact(child, `${key}.${index}`));
  if (!(tag in ALLOWED_ATTRIBUTES)) {
    return children;
  }
  return createElement(tag, { key, ...attributesOf(node, tag) }, ...(VOID_TAGS.has(tag) ? [] : children));
}

/**
 * HTML (from Markdown or a dashboard author) as React elements of an allow-list of tags and attributes,
 * parsed by the browser into an inert document: nothing of it is inserted as markup or runs.
 */
export function htmlElements(html: string): ReactNode[] {
  const body = new DOMParser().parseFromString(html, 'text/html').body;
  return [...body.childNodes].map((node, index) => toReact(node, String(index)));
}
