import { readFileSync } from "node:fs";
import { chunkMarkdown } from "@kefu/domain";
import { describe, expect, it } from "vitest";
import { htmlToMarkdown, pageMarkdown } from "./html-to-markdown.ts";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.html`, import.meta.url), "utf8");

describe("htmlToMarkdown", () => {
  it("keeps the structure of a help-centre page built from <div>s: headings, paragraphs, lists, links; the chunker splits it by heading", () => {
    const { title, markdown } = htmlToMarkdown(fixture("help-centre-divs"), { url: "https://help.haowu.example/help/returns" });
    expect(title).toBe("退货与退款 – 好物商城帮助中心");
    expect(markdown).toBe(
      [
        "# 退货与退款",
        "自签收之日起七天内，未使用的商品可以无理由退货。定制商品、生鲜食品和已拆封的个人护理用品不支持无理由退货。",
        "## 如何申请退货",
        "请按以下步骤在App中提交退货申请：",
        "1. 打开「我的订单」，找到要退货的订单；\n2. 点击「申请售后」，选择「退货退款」并填写原因；\n3. 审核通过后，按页面提示寄回商品。",
        "寄回地址请在[退货地址查询](https://help.haowu.example/help/addresses)页面查看，不要直接寄往门店。",
        "## 退款多久到账",
        "仓库收到退货并验收后，退款会原路返回：",
        "- 微信支付、支付宝：1–3 个工作日；\n- 银行卡：3–7 个工作日。",
        "如超过时限仍未到账，请联系[客服邮箱](mailto:help@haowu.example)。",
        "### 运费由谁承担",
        "商品质量问题的退货运费由我们承担；无理由退货的运费由买家承担。\n开通「运费险」的订单可获得运费补偿。",
      ].join("\n\n"),
    );
    const chunks = chunkMarkdown(markdown, { minChars: 0 });
    expect(chunks.find((c) => c.text.includes("原路返回"))?.headingPath).toEqual(["退货与退款", "退款多久到账"]);
    expect(chunks.find((c) => c.text.includes("运费险"))?.headingPath).toEqual(["退货与退款", "退款多久到账", "运费由谁承担"]);
  });

  it("drops page furniture: navigation, header, search, sidebar, footer, cookie banner, scripts and styles", () => {
    const { title, markdown } = htmlToMarkdown(fixture("boilerplate"), { url: "https://acme.test/help/delivery" });
    expect(title).toBe("Delivery times | ACME Help");
    expect(markdown).toBe(
      [
        "# Delivery times",
        "Orders placed before 2 pm on a working day leave our warehouse the same day.",
        "## Europe",
        "Parcels to the European Union arrive within **three to five working days**. Tracking is in the [order page](https://acme.test/account/orders) and in the confirmation email.",
        "## Rest of the world",
        "Parcels outside Europe take seven to fourteen working days; customs may add a few days.",
        // A javascript: link keeps its text only.
        "Chat with us if a parcel is late.",
      ].join("\n\n"),
    );
  });

  it("writes tables as GFM tables, and a table with lists in its cells as its cells' text (never as HTML)", () => {
    const { markdown } = htmlToMarkdown(fixture("tables"));
    expect(markdown).toContain("| Plan | Seats | Price |\n| --- | --- | --- |\n| Starter | 2   | $19 |\n| Team | 10  | $79 |\n| Business | Unlimited | $199 |");
    expect(markdown).toContain("## What each plan adds\n\nPlan\n\nAdds\n\nTeam\n\n- Shared inbox\n- Handoff rules\n\nBusiness\n\n- Single sign-on\n- Audit log");
    expect(markdown).not.toMatch(/<\/?[a-z]/i);
  });

  it("never lets scripts, styles or markup leak into the text", () => {
    for (const name of ["help-centre-divs", "boilerplate", "tables"]) {
      const { markdown } = htmlToMarkdown(fixture(name));
      for (const leak of ["dataLayer", "document.", "window.", "alert(", "font-family", "color:", "@context", "<script", "<style", "Enable JavaScript"]) {
        expect(markdown, `${name}: ${leak}`).not.toContain(leak);
      }
    }
    const { markdown } = htmlToMarkdown(`<p>Hello <script>steal()</script><style>p{}</style><img src=x onerror=alert(1)>world <iframe src="https://x.test"></iframe></p>`);
    expect(markdown).toBe("Hello world");
  });

  it("keeps headings, paragraphs and lists of a simple page, and its title", () => {
    const page = `<!doctype html><html><head><title>Shipping &amp; returns</title><style>p{}</style></head>
      <body><nav><a href="/">Home</a></nav>
      <main><h1>Shipping</h1><p>We ship <b>worldwide</b> within&nbsp;5 days.</p>
      <h2>Returns</h2><ul><li>Free within 30 days</li><li>Keep the receipt</li></ul>
      <script>alert("x")</script></main><footer>© ACME</footer></body></html>`;
    expect(htmlToMarkdown(page)).toEqual({
      title: "Shipping & returns",
      markdown: "# Shipping\n\nWe ship **worldwide** within 5 days.\n\n## Returns\n\n- Free within 30 days\n- Keep the receipt",
    });
  });

  it("reads files without <html>/<head>/<body>, Chinese entities, and references to surrogates as U+FFFD", () => {
    expect(htmlToMarkdown("<body><h2>退款</h2><p>七天无理由退货&#65292;运费由我们承担。</p></body>").markdown).toBe("## 退款\n\n七天无理由退货，运费由我们承担。");
    const broken = htmlToMarkdown("<title>Help &#xD800;</title><body><p>Smile &#128512; &#55357;&#56832; &#xDFFF;</p></body>");
    expect(broken).toEqual({ title: "Help \uFFFD", markdown: "Smile \u{1F600} \uFFFD\uFFFD \uFFFD" });
    expect(htmlToMarkdown("Line one<br>Line <i>two</i>").markdown).toBe("Line one\nLine _two_");
  });

  it("resolves relative links against the page and keeps only http(s), mailto and tel links", () => {
    const html = `<main><p>See <a href="../faq#a">the FAQ</a>, <a href="#top">top</a>, <a href="tel:+861012345">call</a>,
      <a href="JaVaScRiPt:alert(1)">this</a> and <a href="data:text/html,x">that</a>.</p></main>`;
    expect(htmlToMarkdown(html, { url: "https://help.acme.test/en/delivery/" }).markdown).toBe(
      "See [the FAQ](https://help.acme.test/en/faq#a), top, [call](tel:+861012345), this and that.",
    );
  });

  it("keeps a page wrapped in one <form>, as some site builders make them, and drops a search form", () => {
    const html = `<body><form action="/search"><input name="q"><button>Search</button></form>
      <form id="page"><h1>Opening hours</h1><p>We are open every day from 9:00 to 18:00.</p></form></body>`;
    expect(htmlToMarkdown(html).markdown).toBe("# Opening hours\n\nWe are open every day from 9:00 to 18:00.");
  });

  it("takes text and Markdown pages as they are", () => {
    expect(pageMarkdown({ url: "https://a.test/x.md", contentType: "text/markdown", body: "# Hi\n\n<b>raw</b>" })).toEqual({ title: "", markdown: "# Hi\n\n<b>raw</b>" });
  });
});
