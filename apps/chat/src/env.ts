// The chat app's environment (STYLE.md §6).

/** A `next dev` build (React's development code needs `eval`, see the proxy's CSP). */
export function developmentBuild(): boolean {
  return process.env.NODE_ENV === "development";
}
