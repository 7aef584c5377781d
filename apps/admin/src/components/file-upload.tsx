"use client";
import { csvUploadKind, uploadRoute } from "@kefu/domain";
import { Alert, Button, cx } from "@kefu/ui";
import { useMutation } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import { type ChosenIntentFiles, IntentImport } from "~/components/intent-import";
import { uploadErrorMessage } from "~/components/upload-error";
import { fileToBase64 } from "~/lib/base64";
import { useI18n } from "~/lib/i18n";
import { useTRPC } from "~/lib/trpc";

const ACCEPT = ".md,.markdown,.txt,.html,.htm,.pdf,.csv,.xlsx,.yml,.yaml";
// Server limits, checked here first so a large file is not sent for nothing.
const MAX_BYTES = { pdf: 10 * 1024 * 1024, other: 5 * 1024 * 1024 };

/**
 * The knowledge tab's one upload area: documents, PDFs, FAQ tables (CSV, Excel) and intent sets
 * (CSV, Rasa YAML) each go to their own procedure (domain uploadRoute); a CSV whose header names
 * neither an FAQ table nor an intent set asks which it is.
 */
export function FileUpload({ botId, knowledgeBaseId, onDone }: { botId: string; knowledgeBaseId?: string; onDone: () => unknown }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const id = useId();
  const [localError, setLocalError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [intents, setIntents] = useState<ChosenIntentFiles | null>(null);
  const [askCsv, setAskCsv] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const options = {
    onSuccess: () => {
      void onDone();
    },
  };
  const uploadDoc = useMutation(trpc.knowledge.uploadFile.mutationOptions(options));
  const addPdf = useMutation(trpc.knowledge.addPdf.mutationOptions(options));
  const importCsv = useMutation(trpc.knowledge.importFaqCsv.mutationOptions(options));
  const importXlsx = useMutation(trpc.knowledge.importFaqXlsx.mutationOptions(options));
  const all = [uploadDoc, addPdf, importCsv, importXlsx];
  const pending = all.some((m) => m.isPending);
  const error = localError ?? uploadErrorMessage(all.find((m) => m.error)?.error, t);

  function reset() {
    all.forEach((m) => m.reset());
    setLocalError(null);
    setDone(null);
    setIntents(null);
    setAskCsv(null);
  }

  async function importFaqCsv(file: File) {
    setAskCsv(null);
    const dataBase64 = await fileToBase64(file);
    importCsv.mutate({ botId, knowledgeBaseId, dataBase64 }, { onSuccess: (r) => setDone(`${r.imported} ${t("sources.upload.imported")}`) });
  }

  async function upload(files: File[]) {
    reset();
    const routes = files.map((f) => uploadRoute(f.name));
    if (routes.some((r) => r === null)) return setLocalError(t("sources.upload.unsupported"));
    // Several files only as a Rasa pair (nlu.yml with domain.yml): the intent preview reads them together.
    if (files.length > 1) {
      if (routes.every((r) => r === "intents")) return setIntents({ files, at: Date.now() });
      return setLocalError(t("upload.oneAtATime"));
    }
    const file = files[0]!;
    const route = routes[0]!;
    if (file.size > (route === "pdf" ? MAX_BYTES.pdf : MAX_BYTES.other)) return setLocalError(t("sources.upload.tooLarge"));
    if (route === "intents") return setIntents({ files, at: Date.now() });
    if (route === "csv") {
      const kind = csvUploadKind(await file.slice(0, 4096).text());
      if (kind === "intents") return setIntents({ files, at: Date.now() });
      if (kind === "unknown") return setAskCsv(file);
      return importFaqCsv(file);
    }
    const filename = file.name;
    const added = (s: { title: string }) => setDone(`${t("sources.upload.added")}: ${s.title}`);
    // Every file goes as its bytes: the server checks what they are, whatever the name says.
    const dataBase64 = await fileToBase64(file);
    if (route === "xlsx") importXlsx.mutate({ botId, knowledgeBaseId, filename, dataBase64 }, { onSuccess: (r) => setDone(`${r.imported} ${t("sources.upload.imported")}`) });
    else if (route === "pdf") addPdf.mutate({ botId, knowledgeBaseId, filename, dataBase64 }, { onSuccess: added });
    else uploadDoc.mutate({ botId, knowledgeBaseId, filename, dataBase64 }, { onSuccess: added });
  }

  return (
    <div
      className={cx("space-y-3 rounded-lg border border-dashed p-4", dragging ? "border-teal-600 bg-teal-50" : "border-slate-300 bg-slate-50")}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        const files = [...event.dataTransfer.files];
        if (files.length > 0 && !pending) void upload(files);
      }}
    >
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {t("sources.upload.label")}
      </label>
      {/* The browser's own file button speaks the browser's language, not the dashboard's: hidden, with ours in front. */}
      <input
        ref={input}
        id={id}
        type="file"
        multiple
        accept={ACCEPT}
        aria-describedby={`${id}-help`}
        disabled={pending}
        data-testid="file-upload"
        tabIndex={-1}
        onChange={(event) => {
          const files = [...(event.currentTarget.files ?? [])];
          event.currentTarget.value = "";
          if (files.length > 0) void upload(files);
        }}
        className="sr-only"
      />
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Button variant="secondary" disabled={pending} onClick={() => input.current?.click()}>
          {t("upload.choose")}
        </Button>
        <span className="text-slate-600">{t("upload.orDrop")}</span>
      </div>
      <p id={`${id}-help`} className="text-xs text-slate-600">
        {pending ? t("sources.upload.uploading") : t("sources.upload.help")}
      </p>
      {askCsv && (
        <div role="group" aria-labelledby={`${id}-kind`} className="space-y-2 rounded-md bg-white p-3 ring-1 ring-slate-200">
          <p id={`${id}-kind`} className="text-sm font-medium text-slate-800">
            {t("upload.csvKind")}
          </p>
          <p className="text-xs text-slate-600">{t("upload.csvKindHelp")}</p>
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" onClick={() => void importFaqCsv(askCsv)}>
              {t("upload.csvFaq")}
            </Button>
            <Button
              variant="secondary"
              onClick={() => {
                setIntents({ files: [askCsv], at: Date.now() });
                setAskCsv(null);
              }}
            >
              {t("upload.csvIntents")}
            </Button>
          </div>
        </div>
      )}
      {error && <Alert>{error}</Alert>}
      {done && !error && <Alert tone="success">{done}</Alert>}
      {intents && <IntentImport botId={botId} knowledgeBaseId={knowledgeBaseId} chosen={intents} onDone={onDone} />}
    </div>
  );
}
