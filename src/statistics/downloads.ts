// Files produced in chat (exports, board reports) are offered as links: each file gets a
// random token and lives for an hour. Held by this instance only: a restart just means
// asking again.
import { randomBytes } from 'node:crypto';

export interface Download {
  name: string;
  type: string;
  body: string;
  expires: number;
}

export class Downloads {
  private readonly files = new Map<string, Download>();
  constructor(
    private readonly publicUrl: () => string,
    private readonly ttlMs = 3_600_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Stores a file and returns the link to it. */
  offer(name: string, type: string, body: string): string {
    for (const [k, f] of this.files) if (f.expires < this.now()) this.files.delete(k);
    const token = randomBytes(24).toString('base64url');
    this.files.set(token, { name, type, body, expires: this.now() + this.ttlMs });
    return `${this.publicUrl().replace(/\/$/, '')}/downloads/${token}`;
  }

  take(token: string): Download | undefined {
    const f = this.files.get(token);
    return f && f.expires >= this.now() ? f : undefined;
  }
}
