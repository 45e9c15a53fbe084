import type { DigestArchive } from '../../shared/ports/digest-archive';

/** The digest archive in memory. `objects` is open so that a test can play an attacker who rewrites a digest. */
export class MemoryDigestArchive implements DigestArchive {
  objects = new Map<string, Uint8Array>();
  /** Every successful put, in order (a versioned bucket keeps them all). */
  puts: string[] = [];

  async put(key: string, bytes: Uint8Array, options: { ifAbsent?: boolean } = {}): Promise<boolean> {
    if (options.ifAbsent && this.objects.has(key)) return false;
    this.objects.set(key, new Uint8Array(bytes));
    this.puts.push(key);
    return true;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const bytes = this.objects.get(key);
    return bytes && new Uint8Array(bytes);
  }

  async list(prefix: string): Promise<string[]> {
    return [...this.objects.keys()].filter((key) => key.startsWith(prefix)).sort();
  }
}
