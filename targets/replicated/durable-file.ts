/**
 * A node's state on disk, replaced atomically (write a temp file, rename over). The nemesis
 * kills processes with SIGKILL, not the machine, so the page cache survives and no fsync is
 * needed for a restarted node to find everything it acknowledged.
 */
import fs from 'node:fs';
import path from 'node:path';

export class DurableFile<T> {
  private readonly file: string;

  constructor(dir: string, name: string) {
    fs.mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, name);
  }

  load(): T | undefined {
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  save(value: T): void {
    const temp = `${this.file}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(value));
    fs.renameSync(temp, this.file);
  }
}
