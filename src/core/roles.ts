// Who a user is in the bot: roles and the care providers they act for. The base comes from
// the roles file (ROLES_FILE, kept by the organisation) and the user's Entra ID groups
// (groups.ts), which add to each other; an admin's grants in chat are stored and add or take
// away roles for that user. Unknown users are medarbetare.
import { readFile } from 'node:fs/promises';
import { z } from 'zod/v4';
import type { Records } from './records.js';
import type { T } from './i18n/index.js';

/**
 * medarbetare: everyone; mottagare: the receiving provider's deviation coordinator or contact
 * person (investigates and answers); chef: manager of a reporting unit (follows the unit's
 * reports and their answers); handlaggare, teamledare, teamet: the region's follow-up team.
 */
export const Role = z.enum(['medarbetare', 'mottagare', 'chef', 'handlaggare', 'teamledare', 'teamet', 'admin']);
export type Role = z.infer<typeof Role>;
export const ROLES = Role.options;

/** The region's follow-up team: sees cases, lists and traffic lights. */
export const FOLLOW_UP_TEAM = ['handlaggare', 'teamledare', 'teamet'] as const satisfies readonly Role[];
/**
 * Who sets a team channel up: the provider it is linked to, the organisation and indicators it
 * shows, what it follows, and where its next meeting summary starts. Any member reads them.
 */
export const CHANNEL_STEWARDS = ['handlaggare', 'teamledare', 'admin'] as const satisfies readonly Role[];
/** Who records case decisions (triage, closing, moving a date, a light override). */
export const CASE_OFFICERS = ['handlaggare', 'teamledare'] as const satisfies readonly Role[];

export interface Actor {
  userId: string;
  name: string;
  roles: Role[];
  providers: string[];
}

const RolesEntry = z.object({
  roles: z.array(Role).default([]),
  providers: z.array(z.string()).default([]),
  name: z.string().optional(),
});
export const RolesFile = z.object({ users: z.record(z.string().min(1), RolesEntry) });
export type RolesFile = z.infer<typeof RolesFile>;

/**
 * An admin's change in chat, kept beside the roles file: the roles added and taken away there.
 * The organisation's file stays the source of the user's providers and of its own roles, so a
 * later change to the file still counts. A grant stored before 2026-12 held the complete set
 * (`roles`, `providers`); it is read as that set, with the file's providers.
 */
export const RoleGrant = z.object({
  id: z.string().min(1),
  version: z.number().int().positive(),
  added: z.array(Role).default([]),
  removed: z.array(Role).default([]),
  roles: z.array(Role).optional(),
  providers: z.array(z.string()).optional(),
  updatedAt: z.iso.datetime(),
  updatedBy: z.string(),
});
export type RoleGrant = z.infer<typeof RoleGrant>;

class RolesFileError extends Error {}

/** Reads the roles file; a missing file means everyone is medarbetare, a bad one stops start. */
export async function loadRolesFile(file: string): Promise<{ roles: RolesFile; missing: boolean }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { roles: { users: {} }, missing: true };
    throw e;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new RolesFileError(`${file}: inte giltig JSON (${(e as Error).message})`);
  }
  const parsed = RolesFile.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new RolesFileError(`${file}: ${i?.path.join('.')}: ${i?.message}`);
  }
  return { roles: parsed.data, missing: false };
}

/** Parent → parts, from the providers' partOf (Sjukhusen i väster → Alingsås lasarett, Kungälvs sjukhus). */
/** Where a role comes from: the roles file, an Entra ID group, or an admin in chat. */
export type RoleSource = 'file' | 'group' | 'chat';

/** How a read of a user's groups went ('unavailable': Graph could not say and nothing recent is kept). */
export type GroupsRead = 'unmapped' | 'fresh' | 'read' | 'kept' | 'unavailable';

/** Roles from a user's Entra ID groups, as last read (src/teams/groups.ts). */
export interface GroupRoles {
  of(userId: string): { roles: Role[]; providers: string[] } | undefined;
  users(): string[];
  /** Reads the user's groups again when they are older than the refresh time, or always (force). */
  refresh(userId: string, tenantId: string | undefined, force: boolean): Promise<GroupsRead>;
}

export function providerGroups(providers: readonly { id: string; partOf?: string }[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const p of providers) if (p.partOf) groups.set(p.partOf, [...(groups.get(p.partOf) ?? []), p.id]);
  return groups;
}

export class Directory {
  constructor(
    private readonly file: RolesFile,
    private readonly grants: Records<RoleGrant>,
    /** Acting for a hospital group is acting for its hospitals too (000_…, 001_…: the group is the party). */
    private readonly groups: () => ReadonlyMap<string, readonly string[]> = () => new Map(),
    private readonly entra?: GroupRoles,
  ) {}

  actor(userId: string, name: string): Actor {
    const entry = this.file.users[userId];
    const providers = [...(entry?.providers ?? this.grants.get(userId)?.providers ?? []), ...(this.entra?.of(userId)?.providers ?? [])];
    return {
      userId,
      name,
      roles: [...this.sources(userId).keys()],
      providers: [...new Set(providers.flatMap((p) => [p, ...(this.groups().get(p) ?? [])]))],
    };
  }

  /** The roles the roles file gives a user. */
  fileRoles(userId: string): Role[] {
    return this.file.users[userId]?.roles ?? [];
  }

  /** Each role a user holds and where it comes from. */
  sources(userId: string): Map<Role, RoleSource> {
    const grant = this.grants.get(userId);
    const file = this.fileRoles(userId);
    const held = new Map<Role, RoleSource>([['medarbetare', 'file']]);
    for (const r of this.entra?.of(userId)?.roles ?? []) held.set(r, 'group');
    for (const r of grant?.roles ?? file) held.set(r, file.includes(r) ? 'file' : 'chat');
    for (const r of grant?.added ?? []) held.set(r, 'chat');
    for (const r of grant?.removed ?? []) if (r !== 'medarbetare') held.delete(r);
    return held;
  }

  /** True for a user in the roles file, with a stored grant or with groups read. */
  knows(userId: string): boolean {
    return this.file.users[userId] !== undefined || this.grants.get(userId) !== undefined || this.entra?.of(userId) !== undefined;
  }

  /** Reads a user's Entra ID groups again if they are due (or always: `roller`). */
  refresh(userId: string, tenantId: string | undefined, force = false): Promise<GroupsRead> {
    return this.entra ? this.entra.refresh(userId, tenantId, force) : Promise.resolve('unmapped');
  }

  /**
   * Users holding one of the roles for this provider, named in their own providers list (a
   * county-wide '*' is not "this provider's": nobody with '*' gets every provider's mail).
   */
  actingFor(roles: readonly Role[], provider: string): string[] {
    return [...new Set(roles.flatMap((r) => this.usersWith(r)))].filter((u) => this.actor(u, '').providers.includes(provider));
  }

  /** Users holding a role (for routing notifications, e.g. to teamledare). */
  usersWith(role: Role): string[] {
    const ids = new Set([...Object.keys(this.file.users), ...this.grants.all().map((g) => g.id), ...(this.entra?.users() ?? [])]);
    return [...ids].filter((id) => this.actor(id, '').roles.includes(role));
  }
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return roles.some((r) => actor.roles.includes(r));
}

/**
 * Role names for a sentence: who may do something ("handläggare, teamledare eller teamet"), or
 * the roles someone holds ("medarbetare och handläggare").
 */
export function roleList(roles: readonly Role[], tr: T, joined: 'or' | 'and' = 'or'): string {
  return wordList(
    roles.map((r) => tr(`role.${r}`)),
    tr,
    joined,
  );
}

/** Names in a sentence: "a, b och c" (or "eller"). */
export function wordList(names: readonly string[], tr: T, joined: 'or' | 'and' = 'and'): string {
  return names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} ${tr(`list.${joined}`)} ${names.at(-1)}`;
}
