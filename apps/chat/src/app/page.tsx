export default function Home() {
  return (
    <main className="mx-auto max-w-xl p-8 text-slate-700">
      <h1 className="text-2xl font-semibold">Kefu chat</h1>
      <p className="mt-2">This server hosts Kefu chat pages and the website widget. Open a bot&apos;s hosted link from the dashboard.</p>
    </main>
  );
}
