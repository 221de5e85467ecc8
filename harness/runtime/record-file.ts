/**
 * Records of what a run creates (netns.json, docker.json, ssh.json in its store folder) are
 * written BEFORE anything is created, and atomically (temp file + rename), so a run killed
 * mid-write leaves the previous record whole and `harness cleanup` can always read one.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

let temporaryCounter = 0;

export async function writeJsonAtomically(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${(temporaryCounter += 1)}.tmp`;
  await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temporary, file);
}

/** Record writes go one after another (nodes start in parallel), each writing the latest value. */
export class RecordWriter<T> {
  private writes: Promise<void> = Promise.resolve();
  constructor(private readonly file: string) {}

  save(value: T): Promise<void> {
    const write = this.writes.then(() => writeJsonAtomically(this.file, value));
    this.writes = write.catch(() => {});
    return write;
  }
}
