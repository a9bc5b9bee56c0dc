import { describe, expect, it } from 'vitest';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ClaimsIdentity,
  ConnectorFactory,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';
import { ReusingAuthentication } from './connectors.js';

/** Counts what the wrapped authentication builds; a client is just a tagged object here. */
class CountingAuthentication extends BotFrameworkAuthentication {
  connectorsBuilt = 0;
  built: ConnectorClient[] = [];
  tokenClientsBuilt = 0;
  failNext = false;
  factory = (): ConnectorFactory => {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the factory counts on the authentication it belongs to
    const self = this;
    return new (class extends ConnectorFactory {
      async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        if (self.failNext) {
          self.failNext = false;
          throw new Error('no token');
        }
        self.connectorsBuilt++;
        const client = { serviceUrl, audience } as unknown as ConnectorClient;
        self.built.push(client);
        return client;
      }
    })();
  };
  async authenticateRequest() {
    return { claimsIdentity: identity('bot-a'), audience: 'aud', callerId: '', connectorFactory: this.factory() };
  }
  async authenticateStreamingRequest() {
    return this.authenticateRequest();
  }
  createConnectorFactory(): ConnectorFactory {
    return this.factory();
  }
  async createUserTokenClient(): Promise<UserTokenClient> {
    this.tokenClientsBuilt++;
    return {} as UserTokenClient;
  }
}

const identity = (appId: string) => new ClaimsIdentity([{ type: AuthenticationConstants.AppIdClaim, value: appId }]);

describe('ReusingAuthentication', () => {
  it('builds one connector client per app id, service URL and audience, across turns', async () => {
    const inner = new CountingAuthentication();
    const auth = new ReusingAuthentication(inner);
    const turns = await Promise.all(Array.from({ length: 5 }, () => auth.authenticateRequest({} as Activity, '')));
    const clients = await Promise.all(turns.map((t) => t.connectorFactory!.create('https://smba.example/emea/', 'aud')));
    expect(new Set(clients).size).toBe(1);
    expect(inner.connectorsBuilt).toBe(1);
    // Proactive sends share the same client; another region or bot gets its own.
    expect(await auth.createConnectorFactory(identity('bot-a')).create('https://smba.example/emea/', 'aud')).toBe(clients[0]);
    await auth.createConnectorFactory(identity('bot-a')).create('https://smba.example/amer/', 'aud');
    await auth.createConnectorFactory(identity('bot-b')).create('https://smba.example/emea/', 'aud');
    expect(inner.connectorsBuilt).toBe(3);
  });

  it('does not keep a failed creation: the next turn tries again', async () => {
    const inner = new CountingAuthentication();
    const auth = new ReusingAuthentication(inner);
    inner.failNext = true;
    await expect(auth.createConnectorFactory(identity('bot-a')).create('https://smba.example/', 'aud')).rejects.toThrow('no token');
    await expect(auth.createConnectorFactory(identity('bot-a')).create('https://smba.example/', 'aud')).resolves.toBeDefined();
    expect(inner.connectorsBuilt).toBe(1);
  });

  it('builds one user-token client per app id', async () => {
    const inner = new CountingAuthentication();
    const auth = new ReusingAuthentication(inner);
    await auth.createUserTokenClient(identity('bot-a'));
    await auth.createUserTokenClient(identity('bot-a'));
    await auth.createUserTokenClient(identity('bot-b'));
    expect(inner.tokenClientsBuilt).toBe(2);
  });

  it('sends through the thin sender unless asked to keep the client’s own pipeline (the bench’s reference echo)', async () => {
    const create = (inner: CountingAuthentication, options?: { thinSender: boolean }) =>
      new ReusingAuthentication(inner, options).createConnectorFactory(identity('bot-a')).create('https://smba.example/', 'aud');
    const thinInner = new CountingAuthentication();
    const plainInner = new CountingAuthentication();
    // The thin sender is a proxy over the client the SDK built; without it, that client itself.
    expect(await create(thinInner)).not.toBe(thinInner.built[0]);
    expect(await create(plainInner, { thinSender: false })).toBe(plainInner.built[0]);
  });
});
