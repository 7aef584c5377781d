"use client";
import { SelectField as Field } from "@kefu/ui";
import { type ReactNode } from "react";

/** The UI kit's SelectField, taking the chosen value rather than the change event. */
export function SelectField({ label, value, onChange, error, children, className }: { label: string; value: string; onChange: (v: string) => void; error?: string | null; children: ReactNode; className?: string }) {
  return (
    <Field label={label} value={value} onChange={(e) => onChange(e.target.value)} error={error} className={className}>
      {children}
    </Field>
  );
}
