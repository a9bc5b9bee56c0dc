// Outbound clients reused across turns. botbuilder's default authentication builds a new
// ConnectorClient (an @azure/core-client pipeline with its own HTTP agent) and a new user-token
// client for every activity: no keep-alive to the Bot Connector, and the construction cost more
// than the rest of a turn (profiled in `npm run bench`). This decorator keeps one client per
// app id, service URL and audience; the credentials inside still refresh their own tokens.
// Its replies, sends and updates go through the thin sender (sender.ts).
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';
import { BoundedMap } from '../core/bounded.js';
import { withThinSender } from './sender.js';

/** Service URLs a bot talks to are few (one per Teams region); the bound is a safety net. */
const MAX_CLIENTS = 64;

function appIdOf(identity: ClaimsIdentity): string {
  return identity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? identity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? '';
}

class BoundedCache<V> {
  private readonly entries = new BoundedMap<string, Promise<V>>(MAX_CLIENTS);
  get(key: string, make: () => Promise<V>): Promise<V> {
    let value = this.entries.get(key);
    if (!value) {
      value = make();
      // A failed creation (e.g. a credential error) is not kept: the next turn tries again.
      value.catch(() => this.entries.delete(key));
      this.entries.set(key, value);
    }
    return value;
  }
}

class ReusingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
    private readonly cache: BoundedCache<ConnectorClient>,
    private readonly thinSender: boolean,
  ) {
    super();
  }
  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.cache.get(`${this.appId}\u0000${serviceUrl}\u0000${audience ?? ''}`, async () => {
      const client = await this.inner.create(serviceUrl, audience);
      return this.thinSender ? withThinSender(client, serviceUrl) : client;
    });
  }
}

export class ReusingAuthentication extends BotFrameworkAuthentication {
  private readonly connectors = new BoundedCache<ConnectorClient>();
  private readonly tokenClients = new BoundedCache<UserTokenClient>();

  /**
   * `thinSender: false` keeps the connector client's own send pipeline: botbuilder with reused
   * clients and nothing else, the reference echo of npm run bench.
   */
  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly options: { thinSender?: boolean } = {},
  ) {
    super();
  }

  private wrap(factory: ConnectorFactory, identity: ClaimsIdentity): ConnectorFactory;
  private wrap(factory: ConnectorFactory | undefined, identity: ClaimsIdentity): ConnectorFactory | undefined;
  private wrap(factory: ConnectorFactory | undefined, identity: ClaimsIdentity): ConnectorFactory | undefined {
    return factory && new ReusingConnectorFactory(factory, appIdOf(identity), this.connectors, this.options.thinSender ?? true);
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateRequest(activity, authHeader);
    return { ...result, connectorFactory: this.wrap(result.connectorFactory, result.claimsIdentity) };
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
    return { ...result, connectorFactory: this.wrap(result.connectorFactory, result.claimsIdentity) };
  }

  createConnectorFactory(identity: ClaimsIdentity): ConnectorFactory {
    return this.wrap(this.inner.createConnectorFactory(identity), identity);
  }

  createUserTokenClient(identity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.tokenClients.get(appIdOf(identity), () => this.inner.createUserTokenClient(identity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }
}
