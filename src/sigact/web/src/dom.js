// Building DOM from data. Text from reports is untrusted: it only ever becomes text nodes
// (textContent / createTextNode), never HTML, and links are kept only for http(s) URLs.

/** An element with attributes and children (strings become text nodes, never markup). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** A link for a URL from a report, or plain text when it is not http(s). */
export function safeLink(url, text) {
  try {
    const parsed = new URL(url, window.location.href);
    if (parsed.protocol === "http:" || parsed.protocol === "https:") {
      return el("a", { href: parsed.href, rel: "noopener noreferrer nofollow", target: "_blank" },
                text ?? url);
    }
  } catch (_) { /* not a URL */ }
  return document.createTextNode(text ?? String(url));
}

/**
 * An evidence sentence with the spans where the event's fields were found wrapped in <mark>:
 * spans are offsets into the sentence (non-overlapping, in order), cut on text, not HTML.
 */
export function highlighted(text, spans) {
  const out = el("q", { class: "evidence" });
  let at = 0;
  for (const span of spans) {
    if (span.start < at || span.end > text.length) continue;
    out.append(document.createTextNode(text.slice(at, span.start)));
    out.append(el("mark", { class: `span-${span.field}`, title: span.field },
                  text.slice(span.start, span.end)));
    at = span.end;
  }
  out.append(document.createTextNode(text.slice(at)));
  return out;
}
