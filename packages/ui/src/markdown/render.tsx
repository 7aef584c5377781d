import { type Root } from "hast";
import { type ReactNode } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import remarkCjkFriendly from "remark-cjk-friendly";
import remarkGfm from "remark-gfm";

/**
 * Markdown of a bot answer or an agent's reply, as React elements. react-markdown builds elements
 * from a syntax tree (never innerHTML) and, without rehype-raw, turns any HTML in the text into
 * text: `<script>` is shown, not run. Links go through safeHref (an allowlist of schemes); anything
 * else is shown as plain text. Loaded lazily by ./index.tsx so the widget's first load stays as it was.
 */
const SAFE_SCHEMES = new Set(["http:", "https:", "mailto:", "tel:"]);

/**
 * The href a link may carry, or null. Parsed as browsers parse it (tabs and newlines dropped,
 * scheme case folded, entities already decoded by the Markdown parser), then checked against the
 * allowlist: javascript:, vbscript:, data:, file: and relative links (meaningless inside a widget on
 * someone else's site) are refused.
 */
export function safeHref(value: string | null | undefined): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  return SAFE_SCHEMES.has(url.protocol) ? url.href : null;
}

function Link({ href, children }: { href: string | null; children: ReactNode }) {
  if (!href) return <span>{children}</span>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="break-words font-medium underline underline-offset-2">
      {children}
    </a>
  );
}

// Headings are modest: a bold line, not the page's own h1 (an answer is one entry in a log).
const heading: Components["h1"] = ({ children }) => <p className="font-semibold">{children}</p>;

const COMPONENTS: Components = {
  a: ({ href, children }) => <Link href={safeHref(href)}>{children}</Link>,
  // Images are not loaded (no tracking pixels in a visitor's browser): a link to them, by their alt text.
  img: ({ src, alt }) => <Link href={typeof src === "string" ? safeHref(src) : null}>{alt || (typeof src === "string" ? src : "")}</Link>,
  // Soft line breaks stay line breaks, as FAQ answers written as plain lines have always shown.
  p: ({ children }) => <p className="whitespace-pre-wrap">{children}</p>,
  h1: heading,
  h2: heading,
  h3: heading,
  h4: heading,
  h5: heading,
  h6: heading,
  ul: ({ children, className }) => <ul className={className === "contains-task-list" ? "space-y-0.5" : "list-disc space-y-0.5 pl-5"}>{children}</ul>,
  ol: ({ children, start }) => (
    <ol start={start} className="list-decimal space-y-0.5 pl-5">
      {children}
    </ol>
  ),
  code: ({ children, className }) => <code className={`${className ?? ""} rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em]`.trim()}>{children}</code>,
  pre: ({ children }) => <pre className="overflow-x-auto rounded-md bg-slate-100 p-2 text-xs [&>code]:bg-transparent [&>code]:p-0">{children}</pre>,
  blockquote: ({ children }) => <blockquote className="space-y-2 border-l-2 border-slate-300 pl-3 text-slate-600">{children}</blockquote>,
  hr: () => <hr className="border-slate-200" />,
  table: ({ children }) => (
    <div className="overflow-x-auto">
      <table className="border-collapse text-xs">{children}</table>
    </div>
  ),
  th: ({ children, style }) => (
    <th style={style} className="border border-slate-200 bg-slate-50 px-2 py-1 text-left font-semibold">
      {children}
    </th>
  ),
  td: ({ children, style }) => (
    <td style={style} className="border border-slate-200 px-2 py-1">
      {children}
    </td>
  ),
};

// cjk-friendly: `**“退款”**后` is bold, as a Chinese writer means (CommonMark's flanking rules say no).
const PLUGINS = [remarkGfm, remarkCjkFriendly];

/** HTML written as a block of its own (`<script>…</script>` on its line) reads as a paragraph of text. */
function rawBlocksAsParagraphs() {
  return (tree: Root) => {
    tree.children = tree.children.map((node) =>
      node.type === "raw" ? { type: "element", tagName: "p", properties: {}, children: [{ type: "text", value: node.value }] } : node,
    );
  };
}
const REHYPE_PLUGINS = [rawBlocksAsParagraphs];
// Every URL attribute goes through the allowlist, also those no component above handles.
const urlTransform = (url: string) => safeHref(url) ?? "";

export default function MarkdownContent({ text }: { text: string }) {
  return (
    <ReactMarkdown remarkPlugins={PLUGINS} rehypePlugins={REHYPE_PLUGINS} components={COMPONENTS} urlTransform={urlTransform}>
      {text}
    </ReactMarkdown>
  );
}
