// Microsoft Graph and its token endpoint on 127.0.0.1, as much of them as reading a user's
// group memberships needs: client credentials per tenant, transitiveMemberOf in pages, 429 with
// Retry-After, tokens the test can expire, and an outage.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GraphCall {
  at: number;
  path: string;
  status: number;
}

export class FakeGraph {
  url = '';
  /** user id → the ids of the groups they are in (every one a group unless listed in roles). */
  readonly members = new Map<string, string[]>();
  readonly calls: GraphCall[] = [];
  pageSize = 100;
  /** Memberships requests answered 429 with this Retry-After (seconds) before the next ones pass. */
  throttle: { count: number; seconds: number } = { count: 0, seconds: 0 };
  /** Every Graph request answered 503 (no Retry-After), as during an outage. */
  down = false;
  /** The host the next links name (another host: a link the bot must not follow). */
  nextLinkOrigin: string | undefined;
  private valid = new Set<string>();
  private issued = 0;
  private readonly server = http.createServer((req, res) => void this.handle(req, res));

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Every token issued so far is refused from now on (401), as Graph does with an expired one. */
  expireTokens(): void {
    this.valid.clear();
  }

  tokenRequests(): GraphCall[] {
    return this.calls.filter((c) => c.path.endsWith('/token'));
  }

  memberRequests(): GraphCall[] {
    return this.calls.filter((c) => c.path.includes('transitiveMemberOf'));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const url = new URL(req.url ?? '/', this.url);
    const answer = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      this.calls.push({ at: Date.now(), path: url.pathname, status });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(json));
    };
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (token && req.method === 'POST') {
      const form = new URLSearchParams(body);
      if (
        form.get('client_id') !== 'graph-app' ||
        form.get('client_secret') !== 'graph-secret' ||
        form.get('grant_type') !== 'client_credentials'
      )
        return answer(401, { error: 'invalid_client' });
      const value = `token-${token[1]}-${++this.issued}`;
      this.valid.add(value);
      return answer(200, { token_type: 'Bearer', expires_in: 3599, access_token: value });
    }
    const member = /^\/v1\.0\/users\/([^/]+)\/transitiveMemberOf$/.exec(url.pathname);
    if (!member) return answer(404, { error: { code: 'Request_ResourceNotFound' } });
    if (this.down) return answer(503, { error: { code: 'serviceNotAvailable' } });
    if (this.throttle.count > 0) {
      this.throttle.count--;
      return answer(429, { error: { code: 'TooManyRequests' } }, { 'retry-after': String(this.throttle.seconds) });
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !this.valid.has(bearer))
      return answer(401, { error: { code: 'InvalidAuthenticationToken', message: 'Lifetime validation failed, the token is expired.' } });
    const all = (this.members.get(decodeURIComponent(member[1]!)) ?? []).map((id) => ({ '@odata.type': '#microsoft.graph.group', id }));
    // A directory role among them, as Graph returns: not a group, never mapped.
    all.push({ '@odata.type': '#microsoft.graph.directoryRole', id: 'role-global-reader' });
    const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
    const next = skip + this.pageSize < all.length ? skip + this.pageSize : undefined;
    const link =
      next === undefined ? undefined : new URL(`${url.pathname}?$select=id&$skiptoken=${next}`, this.nextLinkOrigin ?? this.url).toString();
    return answer(200, { value: all.slice(skip, skip + this.pageSize), ...(link ? { '@odata.nextLink': link } : {}) });
  }
}
