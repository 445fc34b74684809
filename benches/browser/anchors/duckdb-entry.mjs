// DuckDB-Wasm's side of benches/browser/coldpage.mjs, bundled by the bench with esbuild (DuckDB-Wasm imports
// apache-arrow by its bare name). As the app does with its own engine, the engine starts when the page loads;
// when a file is chosen it is registered as a browser file (read in place, not copied) and the customers are
// counted: SELECT count(DISTINCT CustomerID) over read_csv_auto. The answer goes in #out.
import * as duckdb from '@duckdb/duckdb-wasm';

const dist = new URL('./duckdb/', location.href).href;
const ready = (async () => {
  const bundle = await duckdb.selectBundle({
    mvp: { mainModule: dist + 'duckdb-mvp.wasm', mainWorker: dist + 'duckdb-browser-mvp.worker.js' },
    eh: { mainModule: dist + 'duckdb-eh.wasm', mainWorker: dist + 'duckdb-browser-eh.worker.js' },
  });
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(bundle.mainWorker));
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
  return db;
})();

document.getElementById('file').addEventListener('change', async (event) => {
  const out = document.getElementById('out');
  try {
    const file = event.target.files[0];
    const db = await ready;
    await db.registerFileHandle(file.name, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
    const conn = await db.connect();
    const column = document.body.dataset.customer || 'CustomerID';
    const result = await conn.query(`SELECT count(DISTINCT "${column}") AS n FROM read_csv_auto('${file.name}')`);
    out.textContent = String(result.getChild('n').get(0));
  } catch (e) {
    out.textContent = 'error: ' + (e?.message ?? e);
  }
});
