"use client";
import { Button } from "@kefu/ui";
import { useState } from "react";
import { useI18n } from "~/lib/i18n";

/**
 * "Copy" beside a value shown once (a signing secret, an invite link): it copies `text` and then
 * says "Copied" for as long as that same text is shown (a new value reads "Copy" again). Where the
 * clipboard is refused or missing (an insecure origin), it keeps saying "Copy".
 */
export function CopyTextButton({ text }: { text: string }) {
  const { t } = useI18n();
  const [copiedText, setCopiedText] = useState<string | null>(null);
  return (
    <Button
      variant="secondary"
      onClick={() =>
        void navigator.clipboard?.writeText(text).then(
          () => setCopiedText(text),
          () => setCopiedText(null),
        )
      }
    >
      {copiedText === text ? t("common.copied") : t("common.copy")}
    </Button>
  );
}
