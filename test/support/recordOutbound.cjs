/**
 * Preloaded with `node --require` into the server under test: appends one JSON line to $OUTBOUND_LOG for every
 * outbound TCP connection (net.Socket#connect, which http, https, tls, fetch/undici and the MongoDB driver all go
 * through), every UDP send or connect, and every DNS name looked up; the first line is the process id.
 */
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const dgram = require('node:dgram');
const dns = require('node:dns');

const file = process.env.OUTBOUND_LOG;
if (!file) throw new Error('recordOutbound: OUTBOUND_LOG is not set');
const record = (entry) => fs.appendFileSync(file, `${JSON.stringify({ ...entry, pid: process.pid })}\n`);
record({ kind: 'start' });

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function recordedConnect(...args) {
  // net.connect hands over its already normalised [options, callback] as one array.
  const list = Array.isArray(args[0]) ? args[0] : args;
  const first = list[0];
  const options =
    first !== null && typeof first === 'object'
      ? first
      : typeof first === 'number' || /^\d+$/.test(String(first))
        ? { port: first, host: typeof list[1] === 'string' ? list[1] : undefined }
        : { path: first };
  if (options.path) record({ kind: 'ipc', path: String(options.path) });
  else record({ kind: 'tcp', host: options.host ?? 'localhost', port: Number(options.port) });
  return connect.apply(this, args);
};

for (const method of ['send', 'connect']) {
  const original = dgram.Socket.prototype[method];
  dgram.Socket.prototype[method] = function recordedUdp(...args) {
    const port = args.find((a) => typeof a === 'number');
    const host = args.find((a, i) => typeof a === 'string' && i > 0);
    record({ kind: 'udp', host: host ?? 'localhost', port });
    return original.apply(this, args);
  };
}

const lookups = [
  [dns, 'lookup'],
  [dns.promises, 'lookup'],
  ...['resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveSrv', 'resolveTxt'].flatMap((m) => [
    [dns, m],
    [dns.promises, m],
  ]),
];
for (const [target, method] of lookups) {
  const original = target[method];
  target[method] = function recordedLookup(name, ...rest) {
    record({ kind: 'dns', host: String(name), method });
    return original.call(this, name, ...rest);
  };
}
