// Seeds the demo workspace (packages/api/src/demo) into the running database: DATABASE_URL, or the
// embedded one `npm start` serves. `npm start -- --demo` runs it once the database is up;
// `npm run demo` runs it on its own. Running it again adds nothing and prints the same sign-in.
// Progress goes to stderr; the last line on stdout is the result as JSON, for scripts/start.mjs.
import { loadScriptEnv, openScriptDb } from "./script-env.mts";

loadScriptEnv();
// The services log every request at info; the seed's own lines say enough.
process.env.LOG_LEVEL ??= "warn";

const { seedDemo } = await import("@kefu/api");

const started = Date.now();
const db = await openScriptDb({ maxConnections: 2 });
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
try {
  const result = await seedDemo(db, { progress: (line) => console.error(`[demo] ${seconds()} s  ${line}`) });
  console.error(
    result.created
      ? `[demo] the demo workspace is ready (${result.conversations} conversations, ${seconds()} s)`
      : "[demo] the demo workspace is already there; nothing added",
  );
  if (result.skippedSteps.length > 0) console.error(`[demo] steps not played as written: ${result.skippedSteps.join("; ")}`);
  const adminUrl = process.env.NEXTAUTH_URL || "http://localhost:3000";
  const chatUrl = process.env.KEFU_CHAT_URL || "http://localhost:3001";
  console.log(
    JSON.stringify({
      demo: {
        adminUrl,
        email: result.email,
        password: result.password,
        bots: result.bots.map((b) => ({ name: b.name, language: b.language, chatUrl: `${chatUrl}/c/${b.publicId}` })),
      },
    }),
  );
} finally {
  await db.$disconnect();
}
// pg-boss (the ingestion queue the seed drained) keeps timers alive: the work is done.
process.exit(0);
