/* Kefu website widget loader: framework-free, no dependencies, ~2 KB.
 * <script src="https://chat.example.com/widget.js" data-bot-id="bot_..." async></script> */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__kefuWidgetLoaded) return;
  window.__kefuWidgetLoaded = true;

  var botId = script.getAttribute("data-bot-id") || "";
  // Visitor attributes from the host site (plan, lifetime value…) for handoff rules:
  // window.KefuSettings = { attributes: { plan: "vip" } }, or data-attributes='{"plan":"vip"}'.
  function attributes() {
    var settings = window.KefuSettings && window.KefuSettings.attributes;
    if (settings && typeof settings === "object") return settings;
    try {
      return JSON.parse(script.getAttribute("data-attributes") || "null");
    } catch {
      return null; // malformed: chat without them
    }
  }
  // Who the signed-in visitor is, signed by the host site's server (docs/security.md):
  // window.KefuSettings = { userId: "42", userHash: "<hex HMAC-SHA256(secret, userId)>" },
  // or data-user-id / data-user-hash. Without a valid hash the id only counts as claimed.
  function identity() {
    var settings = window.KefuSettings || {};
    var userId = settings.userId != null ? String(settings.userId) : script.getAttribute("data-user-id");
    var userHash = settings.userHash != null ? String(settings.userHash) : script.getAttribute("data-user-hash");
    return userId ? { userId: userId, userHash: userHash || "" } : null;
  }
  var origin = new URL(script.src, location.href).origin;
  // This page's origin, for the iframe: the only one it talks to, checked against the bot's allowed websites.
  var hostOrigin = /^https?:$/.test(location.protocol) ? location.origin : "";
  var openKey = "kefu:open:" + botId;
  // The visitor token is kept in the host page's storage (first-party), because
  // browsers that block third-party storage would forget it inside the iframe.
  var tokenKey = "kefu:visitor:" + botId;
  var frame = null;
  var isOpen = false;
  // Until the bot's configuration arrives (with its words in its language): English.
  var labels = { open: "Open chat", close: "Close chat", frame: "Customer support", unread: "unread replies: {n}" };
  // A short beep on a reply while closed, only where the host page asks for it (data-sound="on").
  var sound = script.getAttribute("data-sound") === "on";
  var unread = 0;
  var audio = null;

  var launcher = document.createElement("button");
  launcher.type = "button";
  launcher.id = "kefu-launcher";
  launcher.setAttribute("aria-label", labels.open);
  launcher.setAttribute("aria-expanded", "false");
  launcher.innerHTML =
    '<svg width="28" height="28" viewBox="0 0 24 24" fill="none" aria-hidden="true"><path d="M4 5h16v11H8l-4 4V5z" fill="#fff"/></svg>';
  // The bot's own launcher text beside the icon (Widget tab), when it has one.
  var launcherText = document.createElement("span");
  launcherText.id = "kefu-launcher-label";
  launcherText.style.cssText = "font:600 15px/1 system-ui,-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei',sans-serif;white-space:nowrap;display:none";
  launcher.appendChild(launcherText);
  var badge = document.createElement("span");
  badge.setAttribute("aria-hidden", "true");
  badge.id = "kefu-unread";
  badge.style.cssText = "position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 6px;border-radius:10px;box-sizing:border-box;background:#dc2626;color:#fff;font:600 12px/20px sans-serif;display:none";
  launcher.appendChild(badge);
  setStyle(launcher, {
    position: "fixed", right: "20px", bottom: "20px", width: "56px", height: "56px", borderRadius: "50%",
    border: "none", cursor: "pointer", background: "#4f46e5", boxShadow: "0 6px 20px rgba(0,0,0,.25)",
    display: "flex", alignItems: "center", justifyContent: "center", zIndex: "2147483000", padding: "0",
  });

  var panel = document.createElement("div");
  panel.id = "kefu-panel";
  setStyle(panel, {
    position: "fixed", right: "20px", bottom: "88px", width: "380px", height: "600px",
    maxWidth: "calc(100vw - 40px)", maxHeight: "calc(100vh - 110px)", borderRadius: "16px", overflow: "hidden",
    boxShadow: "0 12px 40px rgba(0,0,0,.25)", zIndex: "2147483000", display: "none", background: "#fff",
  });

  function setStyle(el, styles) {
    for (var key in styles) el.style[key] = styles[key];
  }

  // The widget's page is loaded ahead, hidden, when the host page is idle (#w=1: it waits to be
  // opened before it starts a conversation), so opening shows it at once.
  var waiting = false;
  var frameReady = false;
  function createFrame(preloading) {
    waiting = preloading;
    frame = document.createElement("iframe");
    var token = read(localStorage, tokenKey);
    // In the fragment: never sent to the server or written to its logs.
    var attrs = attributes();
    var user = identity();
    var fragment =
      (token ? "t=" + encodeURIComponent(token) : "") +
      (hostOrigin ? "&o=" + encodeURIComponent(hostOrigin) : "") +
      (attrs ? "&a=" + encodeURIComponent(JSON.stringify(attrs)) : "") +
      (user ? "&u=" + encodeURIComponent(user.userId) + (user.userHash ? "&h=" + encodeURIComponent(user.userHash) : "") : "") +
      (preloading ? "&w=1" : "");
    frame.src = origin + "/widget/" + encodeURIComponent(botId) + (fragment ? "#" + fragment.replace(/^&/, "") : "");
    frame.title = labels.frame;
    frame.id = "kefu-frame";
    frame.setAttribute("allow", "clipboard-write");
    setStyle(frame, { width: "100%", height: "100%", border: "0" });
    panel.appendChild(frame);
  }

  function startFrame() {
    if (!waiting || !frameReady) return;
    waiting = false;
    frame.contentWindow.postMessage({ type: "kefu:open" }, origin);
  }

  function preload() {
    // Only where the widget can tell the host page apart (an http(s) page); elsewhere it loads on open.
    if (!frame && hostOrigin) createFrame(true);
  }

  // Small screens: the open widget covers the page (safe areas kept clear) sized to the visual
  // viewport, so the on-screen keyboard never hides the message box; the page behind stays still.
  var small = matchMedia("(max-width: 640px)");
  var boxed = panel.style.cssText;
  var pageOverflow = null;
  function fit() {
    var full = isOpen && small.matches;
    var vv = window.visualViewport || { offsetTop: 0, height: innerHeight };
    panel.style.cssText = boxed + (full ? ";top:" + vv.offsetTop + "px;left:0;width:100%;height:" + vv.height + "px;max-width:none;max-height:none;border-radius:0;box-sizing:border-box;padding:env(safe-area-inset-top) env(safe-area-inset-right) env(safe-area-inset-bottom) env(safe-area-inset-left)" : "");
    panel.style.display = isOpen ? "block" : "none";
    launcher.style.display = full ? "none" : "flex";
    tellLayout(false);
    var root = document.documentElement.style;
    if (full == (pageOverflow === null)) {
      var was = root.overflow;
      root.overflow = full ? "hidden" : pageOverflow;
      pageOverflow = full ? was : null;
    }
  }
  if (window.visualViewport) visualViewport.addEventListener("resize", fit);
  small.addEventListener("change", fit);

  function showUnread() {
    badge.textContent = unread > 99 ? "99+" : unread;
    badge.style.display = unread ? "block" : "none";
    // A visible label starts the button's name (WCAG 2.5.3), what it does follows.
    var does = isOpen ? labels.close : labels.open;
    var name = launcherText.textContent ? launcherText.textContent + " (" + does + ")" : does;
    launcher.setAttribute("aria-label", name + (unread && !isOpen ? " (" + labels.unread.replace("{n}", unread) + ")" : ""));
  }

  // Browsers keep audio silent until a gesture on the page: the audio context starts on the first one.
  function unlockAudio() {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (Ctx && !audio) audio = new Ctx();
    if (audio && audio.state == "suspended") audio.resume();
  }
  function beep() {
    if (!audio || audio.state != "running") return;
    var osc = audio.createOscillator();
    var gain = audio.createGain();
    var now = audio.currentTime;
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.15, now);
    gain.gain.exponentialRampToValueAtTime(0.001, now + 0.2);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(now + 0.2);
  }
  if (sound) ["pointerdown", "keydown"].forEach(function (type) { addEventListener(type, unlockAudio, true); });

  // How the frame is shown: open, it is a modal dialog for the keyboard (the frame keeps Tab inside
  // until Escape or × closes it); `focus` (opened from the launcher) moves the focus to its message box.
  var focusWanted = false;
  function tellLayout(focus) {
    if (focus) focusWanted = true;
    if (!frame || !frameReady) return;
    frame.contentWindow.postMessage({ type: "kefu:layout", modal: isOpen, focus: isOpen && focusWanted }, origin);
    focusWanted = false;
  }

  function setOpen(next, fromLauncher) {
    isOpen = next;
    if (next && !frame) createFrame(false);
    if (next) startFrame();
    if (next) unread = 0;
    launcher.setAttribute("aria-expanded", String(next));
    showUnread();
    fit();
    // Opened from the launcher: the frame moves the focus to its message box itself. Focusing the
    // frame from here as well raced with that: the page could take the focus back from the frame,
    // and what the visitor typed next went nowhere.
    if (next && fromLauncher) tellLayout(true);
    write(sessionStorage, openKey, next ? "1" : "0");
  }

  function read(storage, key) {
    try {
      return storage.getItem(key);
    } catch {
      return null; // storage blocked
    }
  }

  function write(storage, key, value) {
    try {
      storage.setItem(key, value);
    } catch {
      /* storage blocked: the conversation lasts for this page view */
    }
  }

  launcher.addEventListener("click", function () {
    setOpen(!isOpen, true);
  });
  window.addEventListener("message", function (event) {
    // Only our own iframe, from the chat server's origin.
    if (event.origin !== origin || !frame || event.source !== frame.contentWindow || !event.data) return;
    if (event.data.type === "kefu:close") {
      setOpen(false);
      launcher.focus();
    }
    if (event.data.type === "kefu:reply" && !isOpen) {
      unread += Math.max(1, Math.min(Number(event.data.count) || 1, 99));
      showUnread();
      if (sound) beep();
    }
    if (event.data.type === "kefu:ready") {
      frameReady = true;
      if (isOpen) startFrame();
      tellLayout(false);
    }
    if (event.data.type === "kefu:session" && typeof event.data.visitorToken === "string") {
      write(localStorage, tokenKey, event.data.visitorToken);
    }
  });

  var configUrl = origin + "/api/widget/" + encodeURIComponent(botId);
  // The widget starts once the chat server has answered for this page. It answers a page that is
  // not among the bot's allowed websites without CORS, so the browser hides even the refusal: the
  // fetch fails as if the server were unreachable. A second, opaque request tells the two apart.
  fetch(configUrl)
    .then(
      function (res) {
        return res.json().then(function (body) {
          if (!res.ok) throw new Error(body && body.message ? body.message : "HTTP " + res.status);
          return body;
        });
      },
      function (networkError) {
        return fetch(configUrl, { mode: "no-cors" }).then(
          function () {
            refused();
            return null;
          },
          function () {
            throw networkError;
          },
        );
      },
    )
    .then(function (bot) {
      if (!bot) return;
      applyLook(bot.launcher || {}, bot.brandColor);
      launcher.title = bot.displayName || bot.name;
      for (var key in bot.labels) labels[key] = bot.labels[key];
      showUnread();
      whenBody(mount);
    })
    .catch(function (error) {
      launcher.style.background = "#64748b";
      console.error("[Kefu] The chat widget could not load: " + error.message);
      whenBody(mount);
    });

  // The bot's launcher (Widget tab): colour, icon and ink, label, side and offsets from the page's
  // edges; the panel opens above it on the same side.
  function applyLook(look, brand) {
    var ink = look.ink || "#fff";
    launcher.style.background = look.color || brand;
    launcher.firstChild.firstChild.setAttribute("fill", ink);
    if (look.iconPath) launcher.firstChild.firstChild.setAttribute("d", look.iconPath);
    if (look.label) {
      launcherText.textContent = look.label;
      launcherText.style.color = ink;
      launcherText.style.display = "inline";
      setStyle(launcher, { width: "auto", padding: "0 20px", gap: "8px", borderRadius: "28px" });
    }
    var side = look.position === "left" ? "left" : "right";
    var x = look.sideOffset != null ? look.sideOffset : 20;
    var y = look.bottomOffset != null ? look.bottomOffset : 20;
    [launcher, panel].forEach(function (el) {
      el.style.left = el.style.right = "";
      el.style[side] = x + "px";
    });
    launcher.style.bottom = y + "px";
    panel.style.bottom = y + 68 + "px";
    panel.style.maxHeight = "calc(100vh - " + (y + 90) + "px)";
    boxed = panel.style.cssText;
  }

  function refused() {
    console.error(
      "[Kefu] The chat widget did not start: this website (" + (hostOrigin || location.href) + ") is not among the allowed websites of bot " +
        botId + ". Add it on the bot's page in the Kefu dashboard (Embed on your website → Allowed websites).",
    );
  }

  function mount() {
    // Once: moving a panel that holds the frame would reload the frame and lose what was typed.
    if (panel.isConnected) return;
    document.body.appendChild(panel);
    document.body.appendChild(launcher);
    if (read(sessionStorage, openKey) === "1") setOpen(true);
    else (window.requestIdleCallback || function (then) { setTimeout(then, 2000); })(preload, { timeout: 5000 });
  }
  function whenBody(then) {
    if (document.body) then();
    else document.addEventListener("DOMContentLoaded", then);
  }
})();
