// Personal chats as the conversation registry keeps them, for tests that seed a store before the
// bot starts (reminders to many officers): each user's chat with the bot at the fake connector.
export function personalChats(users: readonly string[], serviceUrl: string) {
  return users.map((u) => ({
    id: `user:${u}`,
    kind: 'personal' as const,
    userId: u,
    tenantId: 'tenant-vgr',
    reference: {
      channelId: 'msteams',
      serviceUrl,
      conversation: { id: `a:personal-${u}`, conversationType: 'personal', tenantId: 'tenant-vgr' },
      user: { id: `29:${u}`, aadObjectId: u },
      bot: { id: '28:avvikelseboten' },
    },
    installed: true,
    stale: false,
    updatedAt: new Date().toISOString(),
  }));
}
