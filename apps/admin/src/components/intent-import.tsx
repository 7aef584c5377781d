"use client";
import { fillTemplate as fill, INTENT_ERRORS_EN, type IntentPreview } from "@kefu/domain";
import { Alert, Button, TextField } from "@kefu/ui";
import { type MessageKey } from "@kefu/ui/i18n";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { toBase64 } from "~/lib/base64";
import { uploadErrorMessage } from "~/components/upload-error";
import { useI18n } from "~/lib/i18n";
import { useTRPC } from "~/lib/trpc";

// The server's limit, checked here first so a large file is not sent for nothing.
const MAX_FILE_BYTES = 5_000_000;
/** Labels listed before the list asks for a filter. */
const FILTER_FROM = 20;

type File64 = { filename: string; dataBase64: string };

/** Reads files to base64, reporting the share read (large files take a moment). */
function readFiles(files: File[], onProgress: (share: number) => void): Promise<File64[]> {
  const total = files.reduce((n, f) => n + f.size, 0) || 1;
  let done = 0;
  return Promise.all(
    files.map(
      (file) =>
        new Promise<File64>((resolve, reject) => {
          const reader = new FileReader();
          let seen = 0;
          reader.onprogress = (e) => {
            done += e.loaded - seen;
            seen = e.loaded;
            onProgress(done / total);
          };
          reader.onerror = () => reject(reader.error ?? new Error("read failed"));
          reader.onload = () => resolve({ filename: file.name, dataBase64: toBase64(reader.result as ArrayBuffer) });
          reader.readAsArrayBuffer(file);
        }),
    ),
  );
}

/** Files handed to the intent import by the knowledge upload; `at` tells a new choice of the same files. */
export interface ChosenIntentFiles {
  files: File[];
  at: number;
}

/**
 * Intent sets (CSV utterance,label or Rasa nlu.yml + domain.yml) chosen in the knowledge upload:
 * see what each label becomes and every row to fix, then confirm. All or nothing: a file with
 * problems imports nothing.
 */
export function IntentImport({ botId, knowledgeBaseId, chosen, onDone }: { botId: string; knowledgeBaseId?: string; chosen: ChosenIntentFiles; onDone: () => unknown }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [files, setFiles] = useState<File64[] | null>(null);
  const [reading, setReading] = useState<number | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [filter, setFilter] = useState("");
  const preview = useMutation(trpc.knowledge.previewIntents.mutationOptions());
  const importIntents = useMutation(trpc.knowledge.importIntents.mutationOptions({ onSuccess: () => void onDone() }));
  const data = preview.data;
  const bytes = files?.reduce((n, f) => n + f.dataBase64.length * 0.75, 0) ?? 0;

  async function choose(list: File[]) {
    preview.reset();
    importIntents.reset();
    setLocalError(null);
    setFiles(null);
    setFilter("");
    if (list.length === 0) return;
    if (list.length > 2) return setLocalError(t("intents.tooMany"));
    if (list.some((f) => f.size > MAX_FILE_BYTES)) return setLocalError(t("intents.tooLarge"));
    setReading(0);
    try {
      const read = await readFiles(list, setReading);
      setFiles(read);
      preview.mutate({ botId, knowledgeBaseId, files: read });
    } catch {
      setLocalError(t("common.error"));
    } finally {
      setReading(null);
    }
  }

  // Each new choice in the upload starts a new preview.
  useEffect(() => {
    void choose(chosen.files);
  }, [chosen.at]);

  const busy = reading !== null || preview.isPending || importIntents.isPending;
  const error = localError ?? uploadErrorMessage(preview.error ?? importIntents.error, t);
  const phrasingsToAdd = data?.intents.reduce((n, i) => n + i.added, 0) ?? 0;

  return (
    <div className="space-y-3" data-testid="intent-import">
      <p className="text-sm font-medium text-slate-800">{t("intents.title")}</p>
      <p className="text-xs text-slate-600">{t("intents.help")}</p>
      {reading !== null && <Progress label={t("intents.reading")} value={reading} />}
      {preview.isPending && <Progress label={fill(t("intents.checking"), { count: Math.round(bytes / 1000).toLocaleString() })} />}
      {importIntents.isPending && <Progress label={fill(t("intents.importing"), { count: phrasingsToAdd.toLocaleString() })} />}
      {error && <Alert>{error}</Alert>}
      {importIntents.data && (
        <Alert tone="success">
          {fill(t("intents.done"), {
            created: importIntents.data.created,
            merged: importIntents.data.merged,
            phrasings: importIntents.data.phrasingsAdded.toLocaleString(),
          })}
          {importIntents.data.needAnswer > 0 && ` ${fill(t("intents.doneNeeded"), { count: importIntents.data.needAnswer })}`}
        </Alert>
      )}
      {data && !importIntents.data && (
        <PreviewTable
          data={data}
          filter={filter}
          onFilter={setFilter}
          footer={
            data.errorCount === 0 && (
              <div className="flex gap-2">
                <Button disabled={busy} onClick={() => files && importIntents.mutate({ botId, knowledgeBaseId, files })}>
                  {fill(t("intents.confirm"), { count: data.intents.length })}
                </Button>
                <Button variant="ghost" disabled={busy} onClick={() => void choose([])}>
                  {t("common.cancel")}
                </Button>
              </div>
            )
          }
        />
      )}
    </div>
  );
}

function Progress({ label, value }: { label: string; value?: number }) {
  return (
    <div className="space-y-1" role="status">
      <p className="text-xs text-slate-600">{label}</p>
      {/* No value: the server does the work in one request, so the bar is indeterminate. */}
      <progress className="h-2 w-full" max={1} value={value} aria-label={label} />
    </div>
  );
}

function PreviewTable({ data, filter, onFilter, footer }: { data: IntentPreview; filter: string; onFilter: (f: string) => void; footer: React.ReactNode }) {
  const { t } = useI18n();
  // Each problem in the dashboard's language; a code this build does not know keeps the API's English.
  const errorText = (e: IntentPreview["errors"][number]) => {
    return e.code in INTENT_ERRORS_EN ? fill(t(`intents.err.${e.code}` as MessageKey), e.params) : e.reason;
  };
  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return q ? data.intents.filter((i) => i.label.toLowerCase().includes(q)) : data.intents;
  }, [data.intents, filter]);
  const count = (s: string) => data.intents.filter((i) => i.status === s || i.answer === s).length;
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700" data-testid="intent-summary">
        {fill(t("intents.summary"), {
          labels: data.intents.length.toLocaleString(),
          rows: data.rows.toLocaleString(),
          created: count("new"),
          merged: count("merged"),
          needed: count("needed"),
        })}
      </p>
      {data.errorCount > 0 && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          <p className="font-medium">{fill(t("intents.errorsTitle"), { count: data.errorCount })}</p>
          <table className="mt-2 w-full text-left text-xs" aria-label={t("intents.reason")}>
            <thead>
              <tr>
                <th className="w-24 pr-2">{t("intents.line")}</th>
                <th>{t("intents.reason")}</th>
              </tr>
            </thead>
            <tbody>
              {data.errors.map((e, i) => (
                <tr key={i}>
                  <td className="pr-2 align-top tabular-nums">{e.line > 0 ? `${e.file ? `${e.file} ` : ""}${e.line}` : t("intents.fileWide")}</td>
                  <td>{errorText(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.errorCount > data.errors.length && <p className="mt-1 text-xs">{fill(t("intents.errorsMore"), { count: data.errorCount - data.errors.length })}</p>}
        </div>
      )}
      {data.intents.length > FILTER_FROM && <TextField label={t("intents.filter")} name="intent-filter" value={filter} onChange={(e) => onFilter(e.currentTarget.value)} />}
      {data.intents.length > 0 && (
        <div className="max-h-80 overflow-auto rounded-md border border-slate-200 bg-white">
          <table className="w-full text-left text-sm" aria-label={t("intents.table")}>
            <thead className="sticky top-0 bg-slate-100 text-xs text-slate-600">
              <tr>
                <th className="px-2 py-1">{t("intents.label")}</th>
                <th className="px-2 py-1">{t("intents.status")}</th>
                <th className="px-2 py-1">{t("intents.phrasings")}</th>
                <th className="px-2 py-1">{t("intents.answer")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {shown.map((i) => (
                <tr key={i.label}>
                  <td className="px-2 py-1 align-top">
                    <span className="font-medium">{i.label}</span>
                    {i.examples.length > 0 && <span className="block truncate text-xs text-slate-500">{i.examples.join(" · ")}</span>}
                  </td>
                  <td className="px-2 py-1 align-top">{t(i.status === "new" ? "intents.status.new" : "intents.status.merged")}</td>
                  <td className="px-2 py-1 align-top tabular-nums">{fill(t("intents.added"), { added: i.added, total: i.total })}</td>
                  <td className={`px-2 py-1 align-top ${i.answer === "needed" ? "text-amber-700" : ""}`}>{t(`intents.answer.${i.answer}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {footer}
    </div>
  );
}
