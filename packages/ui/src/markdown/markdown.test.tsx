import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DANGEROUS_URL, XSS_CORPUS, XSS_PAYLOADS } from "../testing/xss-corpus";
import MarkdownContent, { safeHref } from "./render";

const render = (text: string) => renderToStaticMarkup(<MarkdownContent text={text} />);

/** Every tag in server-rendered markup (React escapes text, so each `<…>` here is an element). */
function tags(html: string) {
  return [...html.matchAll(/<([a-z][a-z0-9]*)([^>]*)>/gi)].map(([, name, attrs]) => ({
    name: name!.toLowerCase(),
    attrs: Object.fromEntries([...attrs!.matchAll(/([^\s=/]+)(?:="([^"]*)")?/g)].map(([, k, v]) => [k!.toLowerCase(), (v ?? "").replaceAll("&amp;", "&")])),
  }));
}

const ALLOWED_TAGS = new Set(["p", "strong", "em", "del", "ul", "ol", "li", "a", "span", "code", "pre", "blockquote", "hr", "br", "div", "table", "thead", "tbody", "tr", "th", "td", "input", "sup", "section", "h2"]);

describe("Markdown (server render)", () => {
  it("renders no payload of the corpus as markup: only safe elements, no event handler, no dangerous URL", () => {
    for (const text of [XSS_CORPUS, ...XSS_PAYLOADS]) {
      const found = tags(render(text));
      for (const tag of found) {
        expect(ALLOWED_TAGS, `<${tag.name}> from ${text}`).toContain(tag.name);
        for (const [name, value] of Object.entries(tag.attrs)) {
          expect(name, `${name} on <${tag.name}> from ${text}`).not.toMatch(/^on/);
          if (["href", "src", "action", "formaction", "srcdoc", "xlink:href"].includes(name)) expect(value).not.toMatch(DANGEROUS_URL);
        }
      }
      // The only links left point where they said, over https.
      for (const a of found.filter((t) => t.name === "a")) expect(a.attrs.href).toMatch(/^https:\/\/(help|safe)\.example(\.com)?\//);
    }
  });

  it("keeps the payloads readable as text", () => {
    const html = render("<script>window.__xss=1</script> and <img src=x onerror=alert(1)>");
    expect(html).toContain("&lt;script&gt;window.__xss=1&lt;/script&gt;");
    expect(render("<iframe src=x></iframe>\n\nnext")).toBe('<p class="whitespace-pre-wrap">&lt;iframe src=x&gt;&lt;/iframe&gt;</p>\n<p class="whitespace-pre-wrap">next</p>');
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(render("[mixed case](JaVaScRiPt:alert(1))")).toBe('<p class="whitespace-pre-wrap"><span>mixed case</span></p>');
  });

  it("renders the benign Markdown as elements; links open in a new tab without opener or referrer", () => {
    const html = render(XSS_CORPUS);
    expect(html).toContain("<strong>free</strong>");
    expect(html).toContain('<ul class="list-disc space-y-0.5 pl-5">\n<li>keep the receipt</li>\n<li>use the original box</li>\n</ul>');
    expect(html).toContain('<a href="https://help.example.com/returns" target="_blank" rel="noopener noreferrer nofollow"');
    expect(html).toContain('<pre class="overflow-x-auto');
  });

  it("shows a one-line FAQ answer as the single paragraph it was, in English and Chinese", () => {
    expect(render("Returns within 30 days.")).toBe('<p class="whitespace-pre-wrap">Returns within 30 days.</p>');
    expect(render("请在订单页面点击“申请退款”，3 个工作日内处理。")).toBe('<p class="whitespace-pre-wrap">请在订单页面点击“申请退款”，3 个工作日内处理。</p>');
    // Lines of a plain answer stay lines.
    expect(render("Mon–Fri 9:00–18:00\nSat 10:00–16:00")).toBe('<p class="whitespace-pre-wrap">Mon–Fri 9:00–18:00\nSat 10:00–16:00</p>');
  });

  it("bolds Chinese next to full-width punctuation, renders headings modestly and tables", () => {
    expect(render("请点击**“申请退款”**按钮")).toContain("<strong>“申请退款”</strong>");
    expect(render("# 退款\n\n正文")).toBe('<p class="font-semibold">退款</p>\n<p class="whitespace-pre-wrap">正文</p>');
    const table = render("| 套餐 | 价格 |\n| --- | ---: |\n| 基础 | ¥99 |");
    expect(table).toContain("<table");
    expect(table).toContain('<td style="text-align:right" class="border border-slate-200 px-2 py-1">¥99</td>');
  });

  it("renders an unfinished answer while it streams, and a link once it is whole", () => {
    expect(render("Click **here")).toBe('<p class="whitespace-pre-wrap">Click **here</p>');
    expect(render("See [the page](https://help.exa")).toContain("See [the page](");
    expect(render("See [the page](https://help.example.com/x)")).toContain('href="https://help.example.com/x"');
  });
});

describe("safeHref", () => {
  it("allows http(s), mailto and tel, and refuses every other scheme and relative links", () => {
    expect(safeHref("https://example.com/a?b=1#c")).toBe("https://example.com/a?b=1#c");
    expect(safeHref("mailto:help@example.com")).toBe("mailto:help@example.com");
    expect(safeHref("tel:+8610123456")).toBe("tel:+8610123456");
    for (const bad of ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\nscript:alert(1)", "java\tscript:x", "vbscript:x", "data:text/html,x", "file:///etc/passwd", "/relative", "#fragment", "//evil.example/x", "", null]) {
      expect(safeHref(bad), String(bad)).toBeNull();
    }
  });
});
