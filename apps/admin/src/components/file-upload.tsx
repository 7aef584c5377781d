"use client";
import { Alert } from "@kefu/ui";
import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { uploadErrorMessage } from "~/components/upload-error";
import { useI18n } from "~/lib/i18n";
import { useTRPC } from "~/lib/trpc";

const ACCEPT = ".md,.markdown,.txt,.html,.htm,.pdf,.csv,.xlsx";
// Server limits, checked here first so a large file is not sent for nothing.
const MAX_BYTES = { pdf: 10 * 1024 * 1024, other: 5 * 1024 * 1024 };

type Route = "document" | "pdf" | "csv" | "xlsx";

function routeOf(filename: string): Route | null {
  const ext = /\.([^.]+)$/.exec(filename.toLowerCase())?.[1] ?? "";
  if (["md", "markdown", "txt", "html", "htm"].includes(ext)) return "document";
  if (ext === "pdf" || ext === "csv" || ext === "xlsx") return ext;
  return null;
}

export function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** One file control for every kind of upload; each file type goes to its own procedure. */
export function FileUpload({ botId, knowledgeBaseId, onDone }: { botId: string; knowledgeBaseId?: string; onDone: () => unknown }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const id = useId();
  const [localError, setLocalError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
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

  async function upload(file: File) {
    all.forEach((m) => m.reset());
    setLocalError(null);
    setDone(null);
    const route = routeOf(file.name);
    if (!route) return setLocalError(t("sources.upload.unsupported"));
    if (file.size > (route === "pdf" ? MAX_BYTES.pdf : MAX_BYTES.other)) return setLocalError(t("sources.upload.tooLarge"));
    const filename = file.name;
    const added = (s: { title: string }) => setDone(`${t("sources.upload.added")}: ${s.title}`);
    const imported = (r: { imported: number }) => setDone(`${r.imported} ${t("sources.upload.imported")}`);
    // Every file goes as its bytes: the server checks what they are, whatever the name says.
    const dataBase64 = toBase64(await file.arrayBuffer());
    if (route === "csv") importCsv.mutate({ botId, knowledgeBaseId, dataBase64 }, { onSuccess: imported });
    else if (route === "xlsx") importXlsx.mutate({ botId, knowledgeBaseId, filename, dataBase64 }, { onSuccess: imported });
    else if (route === "pdf") addPdf.mutate({ botId, knowledgeBaseId, filename, dataBase64 }, { onSuccess: added });
    else uploadDoc.mutate({ botId, knowledgeBaseId, filename, dataBase64 }, { onSuccess: added });
  }

  return (
    <div className="space-y-2 rounded-lg bg-slate-50 p-4">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {t("sources.upload.label")}
      </label>
      <input
        id={id}
        type="file"
        accept={ACCEPT}
        aria-describedby={`${id}-help`}
        disabled={pending}
        data-testid="file-upload"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = "";
          if (file) void upload(file);
        }}
        className="block text-sm"
      />
      <p id={`${id}-help`} className="text-xs text-slate-500">
        {pending ? t("sources.upload.uploading") : t("sources.upload.help")}
      </p>
      {error && <Alert>{error}</Alert>}
      {done && !error && <Alert tone="success">{done}</Alert>}
    </div>
  );
}
