import { describe, expect, it } from "vitest";
import { htmlToMarkdown } from "./html";

describe("htmlToMarkdown", () => {
  it("keeps headings, paragraphs and lists and drops page furniture", () => {
    const page = `<!doctype html><html><head><title>Shipping &amp; returns</title><style>p{}</style></head>
      <body><nav><a href="/">Home</a></nav>
      <main><h1>Shipping</h1><p>We ship <b>worldwide</b> within&nbsp;5 days.</p>
      <h2>Returns</h2><ul><li>Free within 30 days</li><li>Keep the receipt</li></ul>
      <script>alert("x")</script></main><footer>© ACME</footer></body></html>`;
    const { title, markdown } = htmlToMarkdown(page);
    expect(title).toBe("Shipping & returns");
    expect(markdown).toBe(
      "# Shipping\n\nWe ship worldwide within 5 days.\n\n## Returns\n\n- Free within 30 days\n\n- Keep the receipt",
    );
    expect(markdown).not.toContain("alert");
    expect(markdown).not.toContain("Home");
  });

  it("handles Chinese pages and numeric entities", () => {
    const { markdown } = htmlToMarkdown("<body><h2>退款</h2><p>七天无理由退货&#65292;运费由我们承担。</p></body>");
    expect(markdown).toBe("## 退款\n\n七天无理由退货，运费由我们承担。");
  });

  it("decodes a reference to a surrogate as U+FFFD, as browsers do, never as a lone surrogate", () => {
    const { title, markdown } = htmlToMarkdown("<title>Help &#xD800;</title><body><p>Smile &#128512; &#55357;&#56832; &#xDFFF;</p></body>");
    expect(title).toBe("Help \uFFFD");
    expect(markdown).toBe("Smile \u{1F600} \uFFFD\uFFFD \uFFFD");
  });

  it("falls back to text when a page has no block markup", () => {
    expect(htmlToMarkdown("<body>Line one<br>Line <i>two</i></body>").markdown).toBe("Line one\n\nLine two");
  });
});
