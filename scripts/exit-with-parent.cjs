// Preloaded into every process `npm start` runs (NODE_OPTIONS=--require). When the process that
// started this one is gone — killed with SIGKILL, say, which cannot be forwarded — this one stops
// too (through SIGTERM, so servers close cleanly) instead of keeping Kefu's ports and database.
// Node's process.ppid does not change when a process is re-parented, so the parent is probed.
const parent = process.ppid;
const probe = setInterval(() => {
  try {
    process.kill(parent, 0);
  } catch (error) {
    if (error && error.code === "EPERM") return; // alive, another user's process
    clearInterval(probe);
    process.kill(process.pid, "SIGTERM");
  }
}, Number(process.env.KEFU_PARENT_PROBE_MS) || 1000);
probe.unref();
