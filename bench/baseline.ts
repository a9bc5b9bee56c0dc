// Benchmark baseline: a bare restify 11 hello-world server.
import restify from 'restify';

const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/hello', async (_req: restify.Request, res: restify.Response) => {
  res.send(200, { hello: 'world' });
});
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as { port: number }).port }));
