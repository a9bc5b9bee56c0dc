// Benchmark reference: the floor of a Teams bot on this stack. A bare restify server with a
// botbuilder CloudAdapter (anonymous) that answers every message with one text reply through
// the connector; no routing, no store, no cards. The bot's own cost is what it adds to this.
// Clients are reused across turns (REUSE_CLIENTS=0: built per turn, as botbuilder does); the
// reply goes through the connector client's pipeline, or with THIN_SENDER=1 through the bot's
// own reply path (sender.ts), which leaves only botbuilder's turn to compare with.
import restify from 'restify';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { ReusingAuthentication } from '../src/teams/connectors.js';

const reuse = process.env['REUSE_CLIENTS'] !== '0';
const thinSender = process.env['THIN_SENDER'] === '1';
const auth = new ConfigurationBotFrameworkAuthentication({});
const adapter = new CloudAdapter(reuse ? new ReusingAuthentication(auth, { thinSender }) : auth);
const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
  await adapter.process(req, res, async (context) => {
    if (context.activity.type === 'message') await context.sendActivity('hej');
  });
});
server.listen(0, '127.0.0.1', () => process.send?.({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}` }));
