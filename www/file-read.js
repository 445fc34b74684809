// @ts-check
// Reading the user's File in a worker, shared by the engine worker (worker.js) and the splitting worker
// (split.js): the slice handed to the core in one call, the next chunk of the File's stream with a failure
// turned into the core's error shape, and an error in words.

/** Largest slice of a chunk given to the core in one call (a gzip chunk of a few MB would inflate to tens
 *  of MB of buffers inside the core at once). */
export const PUSH_BYTES = 256 * 1024;

/**
 * The next chunk of the File's stream; a failure (the file moved, changed or unreadable) becomes
 * {code: 'io', message}.
 * @param {ReadableStreamDefaultReader<Uint8Array>} reader
 */
export async function readChunk(reader) {
  try {
    return await reader.read();
  } catch (e) {
    throw { code: 'io', message: `The file could not be read (${describe(e)}). If it was moved or changed, choose it again.` };
  }
}

/** An error in words. @param {unknown} e */
export function describe(e) {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}
