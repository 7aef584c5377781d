/**
 * Stored-XSS payloads in Markdown, as a tenant could write them in an FAQ answer or a document (and
 * an agent in a reply). Each one, if it ever ran, would open a dialog or set `window.__xss`.
 * Used by the Markdown component's unit test (server render) and by e2e/markdown.spec.ts (a real
 * browser, on every surface that shows Markdown).
 */
export const XSS_PAYLOADS: readonly string[] = [
  "<script>window.__xss=1;alert(1)</script>",
  "<img src=x onerror=\"window.__xss=1;alert(1)\">",
  "<svg onload=\"window.__xss=1\"><circle r=1 /></svg>",
  "<iframe src=\"javascript:window.top.__xss=1\"></iframe><iframe srcdoc=\"<script>top.__xss=1</script>\"></iframe>",
  "<a href=\"javascript:alert(1)\">an HTML link</a> <details open ontoggle=\"window.__xss=1\">x</details>",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
  "<form action=\"javascript:alert(1)\"><button formaction=\"javascript:alert(1)\">go</button></form>",
  "[plain javascript](javascript:alert(1))",
  "[mixed case](JaVaScRiPt:alert(1))",
  "[decimal entities](&#106;&#97;vascript:alert(1)) and [hex entities](&#x6A;avascript&#x3A;alert(1))",
  "[newline inside the scheme](<java&#10;script:alert(1)>)",
  "[vbscript](vbscript:msgbox(1)) and [a data URL](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "An autolink <javascript:alert(1)> and one to data <data:text/html,<script>alert(1)</script>>",
  "[reference link][evil]\n\n[evil]: javascript:alert(1)",
  "`<img src=x onerror=alert(1)>` in a code span",
  "```html\n<script>window.__xss=1</script>\n```",
  "**<script>window.__xss=1</script>** and _<img src=x onerror=alert(1)>_",
  "[<img src=x onerror=alert(1)>](https://safe.example/)",
  "[breaking out](https://safe.example/\" onmouseover=\"alert(1)) and ![image](x\" onerror=\"alert(1))",
  "![javascript image](javascript:alert(1)) ![data image](data:image/svg+xml,<svg onload=alert(1)>)",
  "<style>body{display:none}</style><link rel=stylesheet href=\"javascript:alert(1)\">",
];

/** Markdown that must still render as elements next to the payloads. */
export const BENIGN_MARKDOWN = [
  "Returns are **free** within 30 days:",
  "",
  "- keep the receipt",
  "- use the original box",
  "",
  "See the [returns page](https://help.example.com/returns).",
].join("\n");

/** A whole answer: the benign Markdown, then every payload as its own paragraph. */
export const XSS_CORPUS = [BENIGN_MARKDOWN, ...XSS_PAYLOADS].join("\n\n");

/** Schemes no href, src or action may carry. */
export const DANGEROUS_URL = /^\s*(javascript|vbscript|data|file):/i;
