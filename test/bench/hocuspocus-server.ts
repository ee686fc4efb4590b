/** The second same-run peer: @hocuspocus/server 3.4.4 with no extensions (no storage), on a loopback port. */
import { Server } from '@hocuspocus/server';

const server = new Server({ port: Number(process.env.PORT ?? 1234), address: '127.0.0.1', quiet: true });
await server.listen();
