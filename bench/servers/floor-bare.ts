// Floor 1: a bare Fastify route, no database. The ceiling of what any API route here can do.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/x/:id', async (req) => ({ id: (req.params as { id: string }).id, name: 'floor' }));
await app.listen({ port: 0, host: '127.0.0.1' });
const addr = app.server.address();
console.log(`ready ${typeof addr === 'object' && addr ? addr.port : 0}`);
process.on('SIGINT', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
