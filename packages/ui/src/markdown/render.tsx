import { Marked, type Token, type Tokens, type TokenizerExtension } from "marked";
import { Fragment, type ReactNode } from "react";

/**
 * Markdown of a bot answer or an agent's reply, as React elements built from marked's tokens
 * (marked is used as a lexer only: its HTML renderer is never called and nothing goes through
 * innerHTML). Whatever HTML the text holds is shown as text: `<script>` is shown, not run. Links go
 * through safeHref (an allowlist of schemes); anything else is shown as plain text. The same code
 * runs in the admin app (React) and in the widget (Preact, through preact/compat).
 */
const SAFE_SCHEMES = new Set(["http:", "https:", "mailto:", "tel:"]);

/**
 * The href a link may carry, or null. Parsed as browsers parse it (tabs and newlines dropped,
 * scheme case folded, entities decoded first), then checked against the allowlist: javascript:,
 * vbscript:, data:, file: and relative links (meaningless inside a widget on someone else's site)
 * are refused.
 */
export function safeHref(value: string | null | undefined): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(decodeEntities(value).trim());
  } catch {
    return null;
  }
  return SAFE_SCHEMES.has(url.protocol) ? url.href : null;
}

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** Character references left in the text by the lexer: numeric ones and the common named ones. */
function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] !== "#") return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
    const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "\ufffd";
  });
}

/**
 * `**“退款”**后` is bold, as a Chinese writer means: CommonMark's flanking rules refuse emphasis
 * between a letter and full-width punctuation. Asterisks only (`__` inside words stays as written).
 */
const cjkFriendlyStrong: TokenizerExtension = {
  name: "cjkStrong",
  level: "inline",
  start: (src) => src.indexOf("**") >= 0 ? src.indexOf("**") : undefined,
  tokenizer(src) {
    const match = /^\*\*(?=[^\s*])([\s\S]*?[^\s\\*])\*\*(?!\*)/.exec(src);
    if (!match) return undefined;
    return { type: "strong", raw: match[0], text: match[1]!, tokens: this.lexer.inlineTokens(match[1]!) };
  },
};

const markdown = new Marked({ gfm: true, extensions: [cjkFriendlyStrong] } as never);

function Link({ href, children }: { href: string | null; children: ReactNode }) {
  if (!href) return <span>{children}</span>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="break-words font-medium underline underline-offset-2">
      {children}
    </a>
  );
}

/** Blocks separated by a newline, as the markup has always been written. */
function lines(nodes: ReactNode[]): ReactNode[] {
  return nodes.flatMap((node, i) => (i === 0 ? [node] : ["\n", node]));
}

function blocks(tokens: Token[]): ReactNode[] {
  return lines(tokens.map(block).filter((node) => node !== null));
}

function block(token: Token, key: number): ReactNode {
  switch (token.type) {
    case "paragraph":
      return (
        <p key={key} className="whitespace-pre-wrap">
          {inline((token as Tokens.Paragraph).tokens)}
        </p>
      );
    // Headings are modest: a bold line, not the page's own h1 (an answer is one entry in a log).
    case "heading":
      return (
        <p key={key} className="font-semibold">
          {inline((token as Tokens.Heading).tokens)}
        </p>
      );
    case "list": {
      const list = token as Tokens.List;
      const items = list.items.map((item, i) => <li key={i}>{item.loose ? ["\n", ...blocks(item.tokens), "\n"] : item.tokens.map(block)}</li>);
      const children = [...items.flatMap((item) => ["\n", item]), "\n"];
      if (list.ordered) {
        return (
          <ol key={key} start={typeof list.start === "number" && list.start !== 1 ? list.start : undefined} className="list-decimal space-y-0.5 pl-5">
            {children}
          </ol>
        );
      }
      return (
        <ul key={key} className={list.items.some((item) => item.task) ? "space-y-0.5" : "list-disc space-y-0.5 pl-5"}>
          {children}
        </ul>
      );
    }
    case "checkbox":
      return <input key={key} type="checkbox" checked={(token as Tokens.Checkbox).checked} disabled readOnly />;
    case "text": {
      const text = token as Tokens.Text;
      return <Fragment key={key}>{text.tokens ? inline(text.tokens) : decodeEntities(text.text)}</Fragment>;
    }
    case "code": {
      const code = token as Tokens.Code;
      return (
        <pre key={key} className="overflow-x-auto rounded-md bg-slate-100 p-2 text-xs [&>code]:bg-transparent [&>code]:p-0">
          <code className={`${code.lang ? `language-${code.lang.split(/\s/)[0]} ` : ""}rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em]`}>{code.text}</code>
        </pre>
      );
    }
    case "blockquote":
      return (
        <blockquote key={key} className="space-y-2 border-l-2 border-slate-300 pl-3 text-slate-600">
          {blocks((token as Tokens.Blockquote).tokens)}
        </blockquote>
      );
    case "hr":
      return <hr key={key} className="border-slate-200" />;
    case "table":
      return <Table key={key} table={token as Tokens.Table} />;
    // HTML written as a block of its own (`<script>…</script>` on its line) reads as a paragraph of text.
    case "html":
      return (
        <p key={key} className="whitespace-pre-wrap">
          {token.raw.replace(/\n+$/, "")}
        </p>
      );
    default:
      // space, reference definitions: nothing to show.
      return null;
  }
}

function Table({ table }: { table: Tokens.Table }) {
  const style = (i: number) => (table.align[i] ? { textAlign: table.align[i] } : undefined);
  return (
    <div className="overflow-x-auto">
      <table className="border-collapse text-xs">
        <thead>
          <tr>
            {table.header.map((cell, i) => (
              <th key={i} style={style(i)} className="border border-slate-200 bg-slate-50 px-2 py-1 text-left font-semibold">
                {inline(cell.tokens)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, i) => (
                <td key={i} style={style(i)} className="border border-slate-200 px-2 py-1">
                  {inline(cell.tokens)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function inline(tokens: Token[] | undefined): ReactNode[] {
  return (tokens ?? []).map(inlineToken);
}

function inlineToken(token: Token, key: number): ReactNode {
  switch (token.type) {
    case "strong":
      return <strong key={key}>{inline((token as Tokens.Strong).tokens)}</strong>;
    case "em":
      return <em key={key}>{inline((token as Tokens.Em).tokens)}</em>;
    case "del":
      return <del key={key}>{inline((token as Tokens.Del).tokens)}</del>;
    case "codespan":
      return (
        <code key={key} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em]">
          {decodeEntities((token as Tokens.Codespan).text)}
        </code>
      );
    case "br":
      return <br key={key} />;
    case "link": {
      const link = token as Tokens.Link;
      return (
        <Link key={key} href={safeHref(link.href)}>
          {inline(link.tokens)}
        </Link>
      );
    }
    // Images are not loaded (no tracking pixels in a visitor's browser): a link to them, by their alt text.
    case "image": {
      const image = token as Tokens.Image;
      return (
        <Link key={key} href={safeHref(image.href)}>
          {decodeEntities(image.text || image.href)}
        </Link>
      );
    }
    case "checkbox":
      return <input key={key} type="checkbox" checked={(token as Tokens.Checkbox).checked} disabled readOnly />;
    case "text": {
      const text = token as Tokens.Text;
      return text.tokens ? <Fragment key={key}>{inline(text.tokens)}</Fragment> : decodeEntities(text.text);
    }
    case "escape":
      return (token as Tokens.Escape).text;
    // Inline HTML (a tag in a sentence) is shown as the text it is.
    default:
      return token.raw;
  }
}

export default function MarkdownContent({ text }: { text: string }) {
  return <>{blocks(markdown.lexer(text))}</>;
}
