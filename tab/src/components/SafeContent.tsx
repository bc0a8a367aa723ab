import { Link } from '@fluentui/react-components';
import { createElement, Fragment, type ReactNode } from 'react';

// Prompt and response HTML comes from Copilot and, ultimately, from users: never hand it to innerHTML. We parse
// it inertly (a DOMParser document runs no scripts and fetches nothing; Chromium still reports an inline handler
// on an <img>, which the tab's CSP refuses) and rebuild an allow-list of plain formatting elements as React
// elements; every attribute is dropped except a vetted http(s)/mailto href.
const ALLOWED = new Set([
  'p',
  'br',
  'b',
  'strong',
  'i',
  'em',
  'u',
  's',
  'sub',
  'sup',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'span',
  'div',
  'hr',
]);
const VOID = new Set(['br', 'hr']);
// Their text is code or markup, not content: drop them with everything inside.
const DROPPED = new Set([
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'template',
  'noscript',
  'svg',
  'math',
  'head',
  'title',
]);
// Headings inside a transcript are demoted so the page outline stays ours.
const DEMOTE: Record<string, string> = { h1: 'h4', h2: 'h4', h3: 'h5', h4: 'h5', h5: 'h6', h6: 'h6' };

/** An href we are willing to render: absolute http(s) or mailto, nothing else (no javascript:, data:, relative). */
export function safeHref(raw: string | null): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw.trim());
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null; // Not an absolute URL: render the link text without a link.
  }
}

function convert(node: Node, key: string): ReactNode {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const element = node as Element;
  const tag = element.tagName.toLowerCase();
  if (DROPPED.has(tag)) return null;
  const children = Array.from(element.childNodes, (child, i) => convert(child, `${key}.${i}`));
  if (tag === 'a') {
    const href = safeHref(element.getAttribute('href'));
    return href ? (
      <Link key={key} href={href} target="_blank" rel="noopener noreferrer">
        {children}
      </Link>
    ) : (
      <Fragment key={key}>{children}</Fragment>
    );
  }
  if (!ALLOWED.has(tag)) return <Fragment key={key}>{children}</Fragment>;
  if (VOID.has(tag)) return createElement(tag, { key });
  return createElement(DEMOTE[tag] ?? tag, { key }, ...children);
}

/** Renders HTML content through the allow-list, or text as text (React escapes it). */
export function SafeContent({ content, contentType }: { content: string; contentType: 'text' | 'html' }) {
  if (contentType !== 'html') return <>{content}</>;
  const doc = new DOMParser().parseFromString(content, 'text/html');
  // Copilot answers that are cards carry only an <attachment> tag in their body: say so rather than show nothing.
  if (!doc.body.textContent?.trim() && doc.body.querySelector('attachment')) {
    return <em>Answered with a card or attachment; the export holds no text for it.</em>;
  }
  return <>{Array.from(doc.body.childNodes, (node, i) => convert(node, String(i)))}</>;
}
