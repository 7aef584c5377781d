// How the widget takes an image pasted or dropped anywhere on it (components/image-upload.tsx).

type FilesLike = ArrayLike<File> | null | undefined;

const firstImage = (files: FilesLike) => Array.from(files ?? []).find((f) => f.type.startsWith("image/"));
const carriesFiles = (e: Event) => Array.from((e as DragEvent).dataTransfer?.types ?? []).includes("Files");

/**
 * Listens on the widget's document; returns the function that stops listening. A file dragged over
 * or dropped is always taken (preventDefault), uploads on or not: a browser left to itself opens
 * the dropped file in the frame, and the chat is gone. While `canUpload()`, a dropped image is
 * uploaded, and so is a pasted one, unless the clipboard also holds text: then the text is pasted.
 */
export function listenForImages(target: EventTarget, { canUpload, upload }: { canUpload: () => boolean; upload: (file: File) => void }): () => void {
  const onDragOver = (e: Event) => {
    if (carriesFiles(e)) e.preventDefault();
  };
  const onDrop = (e: Event) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    const file = firstImage((e as DragEvent).dataTransfer?.files);
    if (file && canUpload()) upload(file);
  };
  const onPaste = (e: Event) => {
    const data = (e as ClipboardEvent).clipboardData;
    const file = firstImage(data?.files);
    if (!file || !canUpload() || data?.getData("text/plain")) return;
    e.preventDefault();
    upload(file);
  };
  target.addEventListener("dragover", onDragOver);
  target.addEventListener("drop", onDrop);
  target.addEventListener("paste", onPaste);
  return () => {
    target.removeEventListener("dragover", onDragOver);
    target.removeEventListener("drop", onDrop);
    target.removeEventListener("paste", onPaste);
  };
}
