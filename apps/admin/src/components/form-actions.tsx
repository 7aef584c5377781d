"use client";
import { Button } from "@kefu/ui";
import { type ReactNode } from "react";
import { useI18n } from "~/lib/i18n";

/** A form's submit button (showing progress), optional cancel button and "Saved" status (after a successful save). */
export function FormActions(props: { label: string; pending: boolean; onCancel?: () => void; saved?: boolean; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="flex items-center gap-3">
      <Button type="submit" disabled={props.pending}>
        {props.pending ? t("common.saving") : props.label}
      </Button>
      {props.onCancel && (
        <Button type="button" variant="secondary" onClick={props.onCancel}>
          {t("common.cancel")}
        </Button>
      )}
      {props.saved && (
        <span role="status" className="text-sm text-emerald-700">
          {t("common.saved")}
        </span>
      )}
      {props.children}
    </div>
  );
}
