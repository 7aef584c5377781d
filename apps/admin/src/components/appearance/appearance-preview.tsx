"use client";
import { type WidgetAppearance } from "@kefu/domain";
import { ChatView } from "@kefu/ui/chat";
import { translator } from "@kefu/ui/i18n";
import { LauncherMock } from "@kefu/ui/launcher";
import { useEffect, useMemo, useRef, useState } from "react";
import { useI18n } from "~/lib/i18n";
import "./light-island.css";

/** What the preview draws: the form's values as they are now, saved or not. */
export interface PreviewLooks {
  name: string;
  language: "en" | "zh";
  brandColor: string;
  greeting: string;
  appearance: WidgetAppearance;
  avatarUrl: string | null;
  allowHandoff: boolean;
}

// A customer's page in CSS pixels, drawn at SCALE: the widget (380×560 here) and the launcher are
// placed on it as the loader places them (apps/chat/public/widget.js), offsets included.
const PAGE = { width: 600, height: 760 };
const SCALE = 0.62;
const PANEL = { width: 380, height: 560 };
/** The loader opens the panel this far above the launcher's bottom edge (a 56 px launcher and a gap). */
const PANEL_GAP = 68;

/**
 * The Widget tab's live preview: the real chat view (the widget's own component, in the bot's
 * language) opened above a picture of the launcher, on a light or dark page. Non-interactive
 * (inert): it shows, it does not chat. It keeps the light palette when the dashboard is dark
 * (light-island.css), as the widget does on a customer's site.
 */
export function AppearancePreview({ looks }: { looks: PreviewLooks }) {
  const { t } = useI18n();
  const [page, setPage] = useState<"light" | "dark">("light");
  const widgetT = useMemo(() => translator(looks.language), [looks.language]);
  const { appearance } = looks;
  const side = appearance.position === "left" ? "left" : "right";
  const x = appearance.sideOffset;
  const y = appearance.bottomOffset;
  const dark = page === "dark";
  const noop = () => undefined;
  // At most SCALE, less where the card is narrower (a phone): the picture never widens the page.
  const boxRef = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState(SCALE);
  useEffect(() => {
    const box = boxRef.current;
    if (!box || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => setScale(Math.min(SCALE, box.clientWidth / PAGE.width)));
    observer.observe(box);
    return () => observer.disconnect();
  }, []);

  return (
    <figure className="space-y-3" aria-labelledby="appearance-preview-title">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <figcaption id="appearance-preview-title" className="text-sm font-semibold text-slate-900">
          {t("appearance.preview")}
        </figcaption>
        <div role="radiogroup" aria-labelledby="appearance-preview-page" className="flex items-center gap-3 text-sm">
          <span id="appearance-preview-page" className="text-slate-600">
            {t("appearance.previewPage")}
          </span>
          {(["light", "dark"] as const).map((value) => (
            <label key={value} className="flex items-center gap-1.5 text-slate-700">
              <input type="radio" name="appearance-preview-page" value={value} checked={page === value} onChange={() => setPage(value)} />
              {t(value === "light" ? "appearance.previewLight" : "appearance.previewDark")}
            </label>
          ))}
        </div>
      </div>
      <div
        ref={boxRef}
        className="kefu-light-island relative w-full overflow-hidden rounded-lg ring-1 ring-slate-300"
        style={{ maxWidth: PAGE.width * SCALE, aspectRatio: `${PAGE.width} / ${PAGE.height}`, background: dark ? "#0f172a" : "#f8fafc" }}
        data-testid="appearance-preview"
        data-page={page}
      >
        <div inert className="absolute left-0 top-0 origin-top-left select-none" style={{ width: PAGE.width, height: PAGE.height, transform: `scale(${scale})` }}>
          <FakeSite dark={dark} label={t("appearance.previewSite")} />
          <div
            className="absolute overflow-hidden rounded-2xl bg-white shadow-[0_12px_40px_rgba(0,0,0,.25)]"
            style={{ width: PANEL.width, height: Math.min(PANEL.height, PAGE.height - y - PANEL_GAP - 20), bottom: y + PANEL_GAP, [side]: x }}
            data-testid="preview-panel"
            data-side={side}
          >
            <ChatView
              t={widgetT}
              botName={appearance.displayName || looks.name}
              avatarUrl={looks.avatarUrl}
              brandColor={looks.brandColor}
              greeting={looks.greeting}
              suggestedQuestions={appearance.suggestedQuestions.filter((q) => q.trim())}
              messages={[]}
              streamingText={null}
              busy={false}
              onSend={noop}
              onClose={noop}
              onRequestHuman={looks.allowHandoff ? noop : undefined}
              scrollToLatest={false}
            />
          </div>
          <div className="absolute" style={{ bottom: y, [side]: x }} data-testid="preview-launcher-place" data-side={side}>
            <LauncherMock icon={appearance.launcherIcon} color={appearance.launcherColor ?? looks.brandColor} label={appearance.launcherLabel} />
          </div>
        </div>
      </div>
    </figure>
  );
}

/** A few grey blocks for the customer's page behind the widget. */
function FakeSite({ dark, label }: { dark: boolean; label: string }) {
  const block = dark ? "#1e293b" : "#e2e8f0";
  return (
    <div className="p-8" aria-hidden="true">
      <p className="text-2xl font-bold" style={{ color: dark ? "#e2e8f0" : "#334155" }}>
        {label}
      </p>
      {[90, 75, 82, 60].map((width, i) => (
        <div key={i} className="mt-5 h-4 rounded" style={{ width: `${width}%`, background: block }} />
      ))}
      <div className="mt-8 h-40 w-2/3 rounded-lg" style={{ background: block }} />
    </div>
  );
}
