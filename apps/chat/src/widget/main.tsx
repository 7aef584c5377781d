import { render } from "preact";
import { ChatApp } from "~/components/chat-app";

// The widget's and the hosted page's script (built by build-widget.ts with Preact in place of
// React): the page's HTML (app/widget/[botId]/route.ts, app/c/[botId]/route.ts) says which bot and how.
const root = document.getElementById("kefu-chat");
if (root?.dataset.bot) render(<ChatApp botId={root.dataset.bot} mode={root.dataset.mode === "hosted" ? "hosted" : "widget"} />, root);
