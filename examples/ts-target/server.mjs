// A one-node register over a line protocol on TCP, durable in DATA/values.json:
//   node server.mjs PORT HOST DATA
// "get KEY" -> "value JSON" | "nil";  "set KEY JSON" -> "ok";  "cas KEY FROM TO" -> "ok" | "mismatch"
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const [port, host, data] = process.argv.slice(2);
const file = path.join(data, 'values.json');
const values = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
const save = () => writeFileSync(file, JSON.stringify(values)); // the kernel keeps it across kill -9

net
  .createServer((socket) => {
    let buffered = '';
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      buffered += chunk;
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const [command, key, a, b] = buffered.slice(0, newline).split(' ');
        buffered = buffered.slice(newline + 1);
        if (command === 'get') socket.write(key in values ? `value ${JSON.stringify(values[key])}\n` : 'nil\n');
        else if (command === 'set') (values[key] = JSON.parse(a)), save(), socket.write('ok\n');
        else if (command === 'cas' && JSON.stringify(values[key] ?? null) === a) (values[key] = JSON.parse(b)), save(), socket.write('ok\n');
        else if (command === 'cas') socket.write('mismatch\n');
        else socket.write('error unknown command\n');
      }
    });
  })
  .listen(Number(port), host, () => console.log(`listening on ${host}:${port}`));
