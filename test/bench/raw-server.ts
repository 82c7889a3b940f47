import http from 'node:http';

/** The yardstick: node:http answering every request with one prebuilt buffer of a given size. */
const size = Number(process.argv[2] ?? 2);
const body = Buffer.alloc(size, 'x');
const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 72_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
