/** Bytes as base64, for the API's uploads (`dataBase64`): in chunks, so a large file does not overflow the call stack. */
export function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A chosen file's bytes as base64. */
export const fileToBase64 = async (file: Blob): Promise<string> => toBase64(await file.arrayBuffer());
