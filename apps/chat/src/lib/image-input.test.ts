import { describe, expect, it } from "vitest";
import { listenForImages } from "./image-input";

const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], "photo.png", { type: "image/png" });
const pdf = new File(["%PDF"], "a.pdf", { type: "application/pdf" });

/** A cancelable event of `type` carrying a drag's or a clipboard's data. */
function event(type: string, data: { dataTransfer?: unknown; clipboardData?: unknown }) {
  return Object.assign(new Event(type, { cancelable: true }), data);
}
const dragged = (files: File[]) => ({ dataTransfer: { types: ["Files"], files } });
const pasted = (files: File[], text = "") => ({ clipboardData: { files, getData: (kind: string) => (kind === "text/plain" ? text : "") } });

function widget(enabled: boolean) {
  const target = new EventTarget();
  const uploaded: File[] = [];
  const stop = listenForImages(target, { canUpload: () => enabled, upload: (f) => uploaded.push(f) });
  const dispatch = (e: Event) => {
    target.dispatchEvent(e);
    return e.defaultPrevented;
  };
  return { dispatch, uploaded, stop };
}

describe("images dropped or pasted on the widget", () => {
  it("takes a dragged file even before uploads are possible (pre-chat form, chat not started), so the frame never opens it", () => {
    const w = widget(false);
    expect(w.dispatch(event("dragover", dragged([png])))).toBe(true);
    expect(w.dispatch(event("drop", dragged([png])))).toBe(true);
    expect(w.dispatch(event("drop", dragged([pdf])))).toBe(true);
    expect(w.uploaded).toEqual([]);
    // Dragged text is not a file: left to the browser.
    expect(w.dispatch(event("dragover", { dataTransfer: { types: ["text/plain"], files: [] } }))).toBe(false);
  });

  it("uploads a dropped image once uploads are possible, and a dropped non-image is only kept from opening", () => {
    const w = widget(true);
    expect(w.dispatch(event("drop", dragged([pdf, png])))).toBe(true);
    expect(w.uploaded).toEqual([png]);
    expect(w.dispatch(event("drop", dragged([pdf])))).toBe(true);
    expect(w.uploaded).toEqual([png]);
  });

  it("uploads a pasted image, but pastes the text when the clipboard holds text too (a copy from a web page or Word)", () => {
    const w = widget(true);
    expect(w.dispatch(event("paste", pasted([png], "Order 1234 is late")))).toBe(false);
    expect(w.uploaded).toEqual([]);
    expect(w.dispatch(event("paste", pasted([], "just text")))).toBe(false);
    expect(w.dispatch(event("paste", pasted([png])))).toBe(true);
    expect(w.uploaded).toEqual([png]);
    expect(widget(false).dispatch(event("paste", pasted([png])))).toBe(false);
  });

  it("stops listening when asked", () => {
    const w = widget(true);
    w.stop();
    expect(w.dispatch(event("drop", dragged([png])))).toBe(false);
    expect(w.uploaded).toEqual([]);
  });
});
