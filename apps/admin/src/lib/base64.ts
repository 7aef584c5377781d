import { AVATAR_MAX_BYTES } from "@kefu/domain";

/** Bytes as base64, for the API's uploads (`dataBase64`): in chunks, so a large file does not overflow the call stack. */
export function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A chosen file's bytes as base64. */
export const fileToBase64 = async (file: Blob): Promise<string> => toBase64(await file.arrayBuffer());

/**
 * The picture chosen in an avatar's file input (the input is cleared, so the same file can be chosen
 * again): its type and base64, "too_large" past the API's limit (said at once; the server checks the
 * size and the bytes again), or null when none was chosen.
 */
export async function chosenAvatar(input: HTMLInputElement): Promise<{ type: string; dataBase64: string } | "too_large" | null> {
  const file = input.files?.[0];
  input.value = "";
  if (!file) return null;
  if (file.size > AVATAR_MAX_BYTES) return "too_large";
  return { type: file.type, dataBase64: await fileToBase64(file) };
}
