// Builds the widget (`/widget/<bot>`) and hosted page (`/c/<bot>`): the chat components compiled
// with Preact in place of React (preact/compat), the UI strings they use and nothing else, and the
// Tailwind classes they use, into public/widget-assets/ under content-hashed names, with a manifest
// the pages read. Run before `next build` and `next dev` (package.json). Why: docs/architecture.md
// ("The widget: Preact and its own client").
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import tailwind from "@tailwindcss/postcss";
import * as esbuild from "esbuild";
import postcss from "postcss";
import { DICTIONARIES } from "@kefu/ui/i18n";
import { sourceFiles, usedKeys, WIDGET_SOURCES } from "./src/widget/strings";

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, "public", "widget-assets");
const i18nIndex = path.resolve(here, "../../packages/ui/src/i18n/index.ts");

/** The translator of @kefu/ui/i18n with only the widget's strings (the whole dictionary is mostly the dashboard's words). */
function i18nSubset(): string {
  const { en, zh } = DICTIONARIES;
  const keys = usedKeys(sourceFiles(WIDGET_SOURCES.map((dir) => path.join(here, dir))), Object.keys(en));
  const pick = (dictionary: Record<string, string>) => Object.fromEntries(keys.map((key) => [key, dictionary[key]]));
  return `const DICTIONARIES = { en: ${JSON.stringify(pick(en))}, zh: ${JSON.stringify(pick(zh))} };
export const LOCALES = ["en", "zh"];
export function translator(locale) { const dictionary = DICTIONARIES[locale]; return (key) => dictionary[key]; }`;
}

const hashOf = (content: string | Uint8Array) => createHash("sha256").update(content).digest("base64url").slice(0, 10);

async function buildScript(): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [path.join(here, "src/widget/main.tsx")],
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2020",
    metafile: true,
    jsx: "automatic",
    jsxImportSource: "preact",
    alias: { react: "preact/compat", "react-dom": "preact/compat", "react/jsx-runtime": "preact/jsx-runtime" },
    define: { "process.env.NODE_ENV": '"production"' },
    tsconfig: path.join(here, "tsconfig.json"),
    legalComments: "none",
    logLevel: "warning",
    // "use client" is a Next.js marker; it means nothing here.
    logOverride: { "unsupported-directive": "silent" },
    write: false,
    plugins: [
      {
        name: "widget-strings",
        setup(build) {
          build.onLoad({ filter: /[\\/]i18n[\\/]index\.ts$/ }, (args) => (args.path === i18nIndex ? { contents: i18nSubset(), loader: "js" } : undefined));
        },
      },
    ],
  });
  // `tsx build-widget.ts --analyze`: what the script is made of, largest first.
  if (process.argv.includes("--analyze")) console.log(await esbuild.analyzeMetafile(result.metafile!, { verbose: process.argv.includes("--verbose") }));
  return result.outputFiles[0]!.text;
}

async function buildStyles(): Promise<string> {
  const from = path.join(here, "src/widget/widget.css");
  const css = await postcss([tailwind()]).process(readFileSync(from, "utf8"), { from });
  const minified = await esbuild.transform(css.css, { loader: "css", minify: true, target: "chrome90" });
  return minified.code;
}

/** The loader (public/widget.js, kept readable) minified: customers' pages load it on every visit. */
async function buildLoader(): Promise<string> {
  const result = await esbuild.transform(readFileSync(path.join(here, "public", "widget.js"), "utf8"), { loader: "js", minify: true, legalComments: "none" });
  return result.code;
}

const [script, styles, loader] = await Promise.all([buildScript(), buildStyles(), buildLoader()]);
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const manifest = { script: `/widget-assets/widget-${hashOf(script)}.js`, styles: `/widget-assets/widget-${hashOf(styles)}.css` };
writeFileSync(path.join(here, "public", manifest.script), script);
writeFileSync(path.join(here, "public", manifest.styles), styles);
writeFileSync(path.join(outDir, "loader.js"), loader);
writeFileSync(path.join(outDir, "manifest.json"), `${JSON.stringify(manifest)}\n`);
console.log(`[widget] ${manifest.script} (${script.length} B), ${manifest.styles} (${styles.length} B), loader ${loader.length} B`);
