"use client";

/** A colour as a picker and its #rrggbb text side by side, both labelled (the text for typing an exact brand colour). */
export function ColorField(props: { id: string; label: string; value: string; error?: string; onChange: (value: string) => void }) {
  return (
    <div>
      <label htmlFor={props.id} className="block text-sm font-medium text-slate-800">
        {props.label}
      </label>
      <div className="mt-1 flex items-center gap-2">
        <input id={props.id} type="color" value={/^#[0-9a-f]{6}$/i.test(props.value) ? props.value : "#000000"} onChange={(e) => props.onChange(e.target.value)} className="h-9 w-12 rounded" />
        <input
          aria-label={`${props.label} (hex)`}
          value={props.value}
          maxLength={7}
          onChange={(e) => props.onChange(e.target.value.trim())}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={props.error ? `${props.id}-error` : undefined}
          className="w-28 rounded-md border-0 px-2 py-2 font-mono text-sm ring-1 ring-inset ring-slate-300"
        />
      </div>
      {props.error && (
        <p id={`${props.id}-error`} className="mt-1 text-sm text-red-700">
          {props.error}
        </p>
      )}
    </div>
  );
}
