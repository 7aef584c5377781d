// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the plugin ships no types: every program reaching this file (apps, eval, bench) needs the shim
/// <reference path="./turndown-plugin-gfm.d.ts" />
import { tables, strikethrough } from "@joplin/turndown-plugin-gfm";
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import TurndownService from "turndown";

/**
 * A web page (or an uploaded .html file) as Markdown the chunker understands. Three maintained
 * libraries do the work: linkedom parses the page into a DOM (a light one, without a browser's
 * layout or scripting: nothing on the page ever runs), Readability (Firefox's reader view) finds the
 * main content and drops navigation, sidebars and footers, Turndown writes Markdown (with the GFM
 * plugin for tables). Headings, paragraphs, lists, links and tables survive, also on pages built
 * only from <div>s, which Readability turns into paragraphs.
 */

/** Never content: removed before anything else looks at the page. */
const NEVER_CONTENT = "script, style, noscript, template, iframe, object, embed, svg, canvas, link, meta, button, input, select, textarea, dialog, [hidden], [aria-hidden=true]";
/** Page furniture around the content (a <header> or <footer> inside the article is kept). */
const FURNITURE = "nav, aside, [role=navigation], [role=banner], [role=contentinfo], [role=complementary], [role=dialog], [role=alertdialog], [aria-modal=true]";
/** Cookie and consent banners, named so by their class or id. */
const BANNER_NAME = /(^|[\s_-])(cookie|consent|gdpr)/i;
const LINK_SCHEMES = new Set(["http:", "https:", "mailto:", "tel:"]);

export interface PageMarkdown {
  title: string;
  markdown: string;
}

export function htmlToMarkdown(html: string, options: { url?: string } = {}): PageMarkdown {
  const { document, title } = parsePage(html);
  removeFurniture(document);
  // Readability drops an h1 or h2 that repeats the page's title, and turns h1 into h2 (reader view
  // shows the title apart). The chunker wants every heading at its level: each carries its level in
  // data-level, and h1/h2 go through Readability as h3 (headings all score alike in its ranking).
  for (const heading of [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]) {
    heading.setAttribute("data-level", heading.tagName.slice(1));
    if (heading.tagName === "H1" || heading.tagName === "H2") {
      const h3 = document.createElement("h3");
      for (const attribute of [...heading.attributes]) h3.setAttribute(attribute.name, attribute.value);
      h3.append(...heading.childNodes);
      heading.replaceWith(h3);
    }
  }
  const topHeading = clean(document.querySelector("[data-level='1']")?.textContent ?? "");
  const fallback = document.body.innerHTML;

  let content: string | null | undefined = null;
  try {
    content = new Readability(document as unknown as Document, { keepClasses: false }).parse()?.content;
  } catch {
    content = null; // a page Readability cannot read is taken whole, furniture already removed
  }
  const service = createTurndown(options.url);
  let markdown = toMarkdown(service, content?.trim() ? content : fallback);
  if (!markdown && content) markdown = toMarkdown(service, fallback);
  // The page's h1 often sits outside the block Readability keeps (beside it, not in it): put it back on top.
  const top = service.escape(topHeading);
  if (top && !markdown.split("\n").some((line) => /^#{1,6} /.test(line) && line.replace(/^#+ /, "") === top)) {
    markdown = `# ${top}\n\n${markdown}`.trim();
  }
  return { title, markdown };
}

type PageDocument = ReturnType<typeof parseHTML>["document"];

/**
 * linkedom builds the tree as written (no HTML5 tree construction): a file without <html>/<body>,
 * or with <title> outside <head>, has no document.body. The page is laid into a complete skeleton
 * first, so Readability always sees a body.
 */
function parsePage(html: string): { document: PageDocument; title: string } {
  const parsed = parseHTML(html).document;
  const title = clean(parsed.querySelector("title")?.textContent ?? "");
  let body = parsed.querySelector("body")?.innerHTML;
  if (body === undefined) {
    for (const element of [...parsed.querySelectorAll("head, title, meta, base")]) element.remove();
    body = parsed.toString().replace(/<!doctype[^>]*>|<\/?html\b[^>]*>/gi, "");
  }
  const { document } = parseHTML("<!doctype html><html><head><title></title></head><body></body></html>");
  document.querySelector("title")!.textContent = title;
  document.body.innerHTML = body;
  return { document, title };
}

function removeFurniture(document: PageDocument) {
  for (const element of [...document.querySelectorAll(NEVER_CONTENT)]) element.remove();
  for (const element of [...document.querySelectorAll(FURNITURE)]) element.remove();
  for (const element of [...document.querySelectorAll("header, footer")]) {
    if (!element.closest("article, main, [role=main]")) element.remove();
  }
  // A search or sign-in form goes; a form wrapping the whole page (as some site builders make) stays.
  for (const form of [...document.querySelectorAll("form")]) {
    if (!form.querySelector("h1, h2, h3, h4, h5, h6, p, li, table, article, main")) form.remove();
  }
  for (const element of [...document.querySelectorAll("[class], [id]")]) {
    const name = `${element.getAttribute("id") ?? ""} ${element.getAttribute("class") ?? ""}`;
    // A banner is small and holds no page heading (a help article about cookies stays).
    if (BANNER_NAME.test(name) && !element.querySelector("h1, main, article") && (element.textContent ?? "").length < 1500) element.remove();
  }
}

/** Turndown set up for one page: links resolve against its address. */
function createTurndown(pageUrl: string | undefined): TurndownService {
  const service = new TurndownService({
    headingStyle: "atx",
    bulletListMarker: "-",
    codeBlockStyle: "fenced",
    emDelimiter: "_",
    strongDelimiter: "**",
    // Markup Turndown would keep as HTML keeps its text instead: raw HTML has no place in an answer.
    keepReplacement: (content, node) => ((node as HTMLElement & { isBlock?: boolean }).isBlock ? `\n\n${content}\n\n` : content),
  });
  service.use([tables, strikethrough]);
  // A table with lists, code or headings in its cells has no Markdown form (the GFM plugin would keep
  // it as HTML): its cells become blocks, row by row, in reading order. Later rules win over the plugin's.
  service.addRule("blockTable", {
    filter: (node) => ["TABLE", "THEAD", "TBODY", "TFOOT", "TR", "TH", "TD"].includes(node.nodeName) && hasBlockCells(node),
    replacement: (content) => `\n\n${content}\n\n`,
  });
  service.remove(["script", "style", "noscript", "template", "iframe", "object", "embed", "canvas", "button", "input", "select", "textarea"]);
  service.addRule("heading", {
    filter: ["h1", "h2", "h3", "h4", "h5", "h6"],
    replacement: (content, node) => {
      const element = node as HTMLElement;
      const level = Number(element.getAttribute("data-level") ?? element.nodeName.slice(1));
      const text = content.replace(/\s+/g, " ").trim();
      return text ? `\n\n${"#".repeat(Math.min(Math.max(level, 1), 6))} ${text}\n\n` : "";
    },
  });
  // "- item", not Turndown's "-   item": the list as a person writes it (continuation lines indented to match).
  service.addRule("listItem", {
    filter: "li",
    replacement: (content, node) => {
      const parent = node.parentNode as HTMLElement | null;
      let marker = "- ";
      if (parent?.nodeName === "OL") marker = `${Number(parent.getAttribute("start") ?? 1) + Array.prototype.indexOf.call(parent.children, node)}. `;
      const body = content.replace(/^\n+/, "").replace(/\n+$/, "\n").replace(/\n/gm, `\n${" ".repeat(marker.length)}`);
      return marker + body + (node.nextSibling && !body.endsWith("\n") ? "\n" : "");
    },
  });
  // Images carry nothing a text answer can use.
  service.addRule("image", { filter: ["img", "picture"], replacement: () => "" });
  // Links resolve against the page (answers are read elsewhere); other schemes and in-page anchors keep only their text.
  service.addRule("link", {
    filter: (node) => node.nodeName === "A" && node.getAttribute("href") !== null,
    replacement: (content, node) => {
      const text = content.replace(/\s+/g, " ").trim();
      const href = absoluteLink((node as HTMLElement).getAttribute("href")!, pageUrl);
      if (!text) return "";
      return href ? `[${text}](${href.replace(/[()]/g, (c) => encodeURIComponent(c))})` : text;
    },
  });
  return service;
}

function hasBlockCells(node: HTMLElement): boolean {
  let table: HTMLElement | null = node;
  while (table && table.nodeName !== "TABLE") table = table.parentNode as HTMLElement | null;
  return table?.querySelector("ul, ol, pre, blockquote, h1, h2, h3, h4, h5, h6, table") != null;
}

function toMarkdown(service: TurndownService, html: string): string {
  return service
    .turndown(html)
    .replace(/\u00a0/g, " ") // &nbsp; is a space to the chunker and to readers
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function absoluteLink(href: string, pageUrl: string | undefined): string | null {
  if (href.trim().startsWith("#")) return null;
  try {
    const url = new URL(href.trim(), pageUrl);
    return LINK_SCHEMES.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

const clean = (text: string) => text.replace(/\s+/g, " ").trim();

/** A fetched page as Markdown: HTML converted, text and Markdown taken as they are (first import and re-sync alike). */
export function pageMarkdown(page: { url: string; contentType: string; body: string }): PageMarkdown {
  return /html|xml/i.test(page.contentType) ? htmlToMarkdown(page.body, { url: page.url }) : { title: "", markdown: page.body };
}
