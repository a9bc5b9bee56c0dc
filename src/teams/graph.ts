// A user's Entra ID groups, read from Microsoft Graph with the app's own credentials (client
// credentials in the user's tenant), kept as a Membership and turned into roles by the mapping
// (src/core/groups.ts). Plain fetch rather than @azure/msal-node and the Graph SDK: it is one
// token request and one paged GET, and the behaviour that matters here (a time budget inside
// Teams' 5 s, Retry-After, a token that expired early, never following a next link to another
// host) is this file's own either way. Permission: User.Read.All (application), the least
// privileged one for another user's transitiveMemberOf; only the group ids are read.
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod/v4';
import type { Clock } from '../core/clock.js';
import { grantOf, type GroupMapping, type Membership } from '../core/groups.js';
import { translator, type Locale } from '../core/i18n/index.js';
import type { Directory, GroupRoles, GroupsRead, Role } from '../core/roles.js';
import type { RecordStore } from '../store/contract.js';
import { tenantOf, userIdOf } from './activity.js';

export interface GraphOptions {
  clientId: string;
  clientSecret: string;
  graphUrl: string;
  loginUrl: string;
  /** The whole read may take this long (a turn waits for it; Teams wants an invoke in 5 s). */
  budgetMs?: number;
}

/** Graph could not say: the reason goes to the log, never to the user. */
class GraphUnavailable extends Error {}

const Token = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().int().positive() });
const Page = z.object({
  value: z.array(z.object({ '@odata.type': z.string().optional(), id: z.string() })),
  '@odata.nextLink': z.url().optional(),
});

/** At most this many pages (999 each): a user is not in a million groups. */
const MAX_PAGES = 20;

export class GraphClient {
  private readonly tokens = new Map<string, { value: string; until: number }>();

  constructor(private readonly options: GraphOptions) {}

  /** The ids of every group the user is in, directly or through another group. */
  async groupsOf(tenantId: string, userId: string): Promise<string[]> {
    const deadline = Date.now() + (this.options.budgetMs ?? 3_000);
    const base = new URL(this.options.graphUrl);
    let next: string | undefined = new URL(
      `/v1.0/users/${encodeURIComponent(userId)}/transitiveMemberOf?$select=id&$top=999`,
      base,
    ).toString();
    const groups: string[] = [];
    for (let page = 0; next; page++) {
      if (page === MAX_PAGES) throw new GraphUnavailable(`more than ${MAX_PAGES} pages of memberships`);
      // A next link is followed only to Graph itself: the token must not go anywhere else.
      if (new URL(next).origin !== base.origin) throw new GraphUnavailable(`next link to another host: ${new URL(next).host}`);
      const body = Page.safeParse(await this.get(tenantId, next, deadline));
      if (!body.success) throw new GraphUnavailable('unexpected memberships response');
      groups.push(...body.data.value.filter((v) => v['@odata.type'] === '#microsoft.graph.group').map((v) => v.id));
      next = body.data['@odata.nextLink'];
    }
    return groups;
  }

  /** One GET: a token that Graph calls expired is fetched again once, throttling waited out in the budget. */
  private async get(tenantId: string, url: string, deadline: number): Promise<unknown> {
    let renewed = false;
    for (;;) {
      const res = await this.fetch(url, { headers: { authorization: `Bearer ${await this.token(tenantId, deadline)}` } }, deadline);
      if (res.ok) return res.json();
      if (res.status === 401 && !renewed) {
        this.tokens.delete(tenantId);
        renewed = true;
        continue;
      }
      // Throttled, or busy with a time to come back: waited out if the budget allows.
      if (res.status === 429 || ((res.status === 503 || res.status === 504) && res.headers.has('retry-after'))) {
        const wait = retryAfterMs(res.headers.get('retry-after'));
        if (Date.now() + wait >= deadline) throw new GraphUnavailable(`throttled (${res.status}, retry after ${wait} ms)`);
        await new Promise((r) => setTimeout(r, wait));
        continue;
      }
      throw new GraphUnavailable(`memberships answered ${res.status}`);
    }
  }

  private async token(tenantId: string, deadline: number): Promise<string> {
    const kept = this.tokens.get(tenantId);
    if (kept && kept.until > Date.now()) return kept.value;
    const res = await this.fetch(
      new URL(`/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`, this.options.loginUrl).toString(),
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: this.options.clientId,
          client_secret: this.options.clientSecret,
          scope: `${new URL(this.options.graphUrl).origin}/.default`,
          grant_type: 'client_credentials',
        }),
      },
      deadline,
    );
    const token = res.ok ? Token.safeParse(await res.json()) : undefined;
    if (!token?.success) throw new GraphUnavailable(`token request answered ${res.status}`);
    // Renewed five minutes early, so a token never runs out between the check and the call.
    this.tokens.set(tenantId, { value: token.data.access_token, until: Date.now() + (token.data.expires_in - 300) * 1000 });
    return token.data.access_token;
  }

  private async fetch(url: string, init: RequestInit, deadline: number): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())) });
    } catch (e) {
      throw new GraphUnavailable(`${new URL(url).host} unreachable (${(e as Error).name}: ${(e as Error).message})`);
    }
  }
}

/** Retry-After in seconds (or an HTTP date) as milliseconds; 1 s when it says nothing usable. */
function retryAfterMs(header: string | null): number {
  if (header && /^\d+$/.test(header.trim())) return Number(header) * 1000;
  const at = header ? Date.parse(header) : NaN;
  return Number.isNaN(at) ? 1000 : Math.max(0, at - Date.now());
}

/** A user's groups are not asked for again within this time, whatever the outcome. */
const AGAIN_AFTER_MS = 10_000;

export interface EntraGroupsOptions {
  mapping: GroupMapping;
  memberships: RecordStore<Membership>;
  graph: Pick<GraphClient, 'groupsOf'>;
  clock: Clock;
  log: Logger;
  refreshMs: number;
  maxAgeMs: number;
}

/** The directory's view of Entra ID groups: memberships kept in the store, read again when due. */
export class EntraGroups implements GroupRoles {
  /** The last read of each user's groups in this process (bounded by the users who talk). */
  private readonly attempts = new Map<string, { at: number; read: GroupsRead }>();

  constructor(private readonly o: EntraGroupsOptions) {}

  of(userId: string): { roles: Role[]; providers: string[] } | undefined {
    const m = this.o.memberships.get(userId);
    return m && this.age(m) < this.o.maxAgeMs ? grantOf(this.o.mapping, m) : undefined;
  }

  users(): string[] {
    return this.o.memberships
      .all()
      .filter((m) => this.age(m) < this.o.maxAgeMs)
      .map((m) => m.id);
  }

  async refresh(userId: string, tenantId: string | undefined, force: boolean): Promise<GroupsRead> {
    if (!tenantId || !this.o.mapping.tenants[tenantId]) return 'unmapped';
    const kept = this.o.memberships.get(userId);
    // Kept memberships of another tenant are never used for this one (a guest, a reused id).
    const mine = kept?.tenantId === tenantId ? kept : undefined;
    if (!force && mine && this.age(mine) < this.o.refreshMs) return 'fresh';
    // Tried a moment ago (the turn's own read just before `roller`): that answer stands.
    const last = this.attempts.get(userId);
    const now = this.o.clock.now().getTime();
    if (last && now - last.at < AGAIN_AFTER_MS) return last.read === 'read' ? 'fresh' : last.read;
    const read = await this.read(userId, tenantId, mine);
    this.attempts.set(userId, { at: now, read });
    return read;
  }

  private async read(userId: string, tenantId: string, mine: Membership | undefined): Promise<GroupsRead> {
    try {
      const groups = await this.o.graph.groupsOf(tenantId, userId);
      await this.o.memberships.put({ id: userId, tenantId, groups, readAt: this.o.clock.now().toISOString() });
      this.o.log.info({ userId, tenantId, groups: groups.length }, 'entra groups read');
      return 'read';
    } catch (e) {
      if (!(e instanceof GraphUnavailable)) throw e;
      const usable = mine !== undefined && this.age(mine) < this.o.maxAgeMs;
      this.o.log.warn(
        { userId, tenantId, reason: e.message, kept: usable, readAt: mine?.readAt },
        usable ? 'entra groups unavailable: using the groups read before' : 'entra groups unavailable: no group roles until Graph answers',
      );
      return usable ? 'kept' : 'unavailable';
    }
  }

  private age(m: Membership): number {
    return this.o.clock.now().getTime() - Date.parse(m.readAt);
  }
}

/** A user told their groups could not be read is told again at most this often. */
const NOTICE_EVERY_MS = 60 * 60_000;

/**
 * Before each turn of a user (a message or an invoke): their groups read again when due, and a
 * short notice when Graph cannot say and nothing recent is kept (the turn then runs with the
 * roles file's roles, at least medarbetare).
 */
export function groupsBeforeTurn(
  directory: Pick<Directory, 'refresh'>,
  localeOf: (userId: string, activityLocale: string | undefined) => Locale,
): (context: Pick<TurnContext, 'activity' | 'sendActivity'>) => Promise<void> {
  const told = new Map<string, number>();
  return async (context) => {
    const a = context.activity;
    if (a.type !== ActivityTypes.Message && a.type !== ActivityTypes.Invoke) return;
    const userId = userIdOf(a);
    if ((await directory.refresh(userId, tenantOf(a))) !== 'unavailable') return;
    if (Date.now() - (told.get(userId) ?? -Infinity) < NOTICE_EVERY_MS) return;
    told.set(userId, Date.now());
    const tr = translator(localeOf(userId, a.locale));
    await context.sendActivity(`${tr('groups.unavailable')} ${tr('groups.unavailable.hint')}`);
  };
}
