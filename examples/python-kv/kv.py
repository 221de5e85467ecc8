#!/usr/bin/env python3
"""A small replicated key-value store speaking http-kv (docs/http-kv.md), Python 3 stdlib only.

One process per node:
    python3 kv.py --id n1 --listen 127.0.0.1:7000 --peers n2=127.0.0.1:7001,n3=... --data DIR [--mode M]

The node whose name sorts first is the leader. It executes every operation, one at a time,
appends each change to DIR/log.jsonl and fsyncs it before it answers (so kill -9 loses nothing
it acknowledged), and replicates each change to the other nodes in the background, in order,
retrying until they have it. The other nodes forward every request to the leader.

--mode correct (default): followers forward reads too, so every operation is decided by the
    leader alone: linearizable under partitions, crashes and pauses (it is merely unavailable
    while the leader cannot be reached).
--mode stale-reads: followers answer reads from their own copy, which lags behind the leader
    (and falls far behind while partitioned from it): the bug the harness should catch.

An answer a follower cannot be sure of is 504 (the harness records it as unknown); 503 only
when the request surely never reached the leader.
"""
import argparse
import http.client
import json
import os
import queue
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FORWARD_TIMEOUT_S = 1.0
REPLICATE_TIMEOUT_S = 1.0
REPLICATE_EVERY_S = 0.3


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--id', required=True)
    parser.add_argument('--listen', required=True, help='host:port')
    parser.add_argument('--peers', default='', help='name=host:port,... (how this node reaches the others)')
    parser.add_argument('--data', required=True, help='this node\'s directory, kept across restarts')
    parser.add_argument('--mode', choices=['correct', 'stale-reads'], default='correct')
    args = parser.parse_args()
    peers = {}
    for item in filter(None, args.peers.split(',')):
        name, address = item.split('=', 1)
        host, port = address.rsplit(':', 1)
        peers[name] = (host, int(port))
    host, port = args.listen.rsplit(':', 1)
    return args, (host, int(port)), peers


class Store:
    """The values, and (on the leader) the durable log they come from."""

    def __init__(self, data_dir, durable, on_change=lambda change: None):
        self.lock = threading.Lock()
        self.on_change = on_change
        self.values = {}
        self.seq = 0
        self.durable = durable
        self.path = os.path.join(data_dir, 'log.jsonl' if durable else 'copy.json')
        if durable and os.path.exists(self.path):
            with open(self.path) as log:
                for line in log:
                    if line.strip():
                        entry = json.loads(line)
                        self.values[entry['key']] = entry['value']
                        self.seq = entry['seq']
        elif not durable and os.path.exists(self.path):
            with open(self.path) as copy:
                saved = json.load(copy)
                self.values, self.seq = saved['values'], saved['seq']
        self.log = open(self.path, 'a') if durable else None

    def change(self, key, value):
        """Leader only, under the lock: durable first, then visible."""
        self.seq += 1
        self.log.write(json.dumps({'seq': self.seq, 'key': key, 'value': value}) + '\n')
        self.log.flush()
        os.fsync(self.log.fileno())
        self.values[key] = value
        self.on_change({'seq': self.seq, 'key': key, 'value': value})  # under the lock: in seq order
        return self.seq

    def apply_replicated(self, seq, key, value):
        """Follower: a change from the leader, applied once, in order (after a leader restart lost
        its queue, the changes missed are simply skipped: the copy is only ever read in stale-reads mode)."""
        with self.lock:
            if seq <= self.seq:
                return True  # already have it (a retry)
            self.values[key] = value
            self.seq = seq
            with open(self.path + '.tmp', 'w') as copy:
                json.dump({'values': self.values, 'seq': self.seq}, copy)
            os.replace(self.path + '.tmp', self.path)
            return True

    def execute(self, op, key, body):
        """Leader: one operation -> (status, answer body)."""
        with self.lock:
            present = key in self.values
            current = self.values.get(key)
            if op == 'get':
                return (200, {'value': current}) if present else (404, {})
            if op == 'put':
                return 200, {'seq': self.change(key, body.get('value'))}
            if op == 'cas':
                if not present or current != body.get('from'):
                    return 412, {'value': current}
                return 200, {'seq': self.change(key, body.get('to'))}
            if op == 'append':
                if isinstance(current, list):
                    value = current + [body.get('value')]
                else:
                    value = ('' if current is None else str(current)) + str(body.get('value'))
                return 200, {'seq': self.change(key, value)}
        return 400, {'error': 'unknown operation'}


class Replicator:
    """Leader: sends the changes to one follower in order, in batches every REPLICATE_EVERY_S
    (followers lag behind by about that much, as asynchronous replicas do), retrying a batch
    until it is acknowledged."""

    def __init__(self, address):
        self.address = address
        self.changes = queue.Queue()
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        batch = []
        while True:
            batch.append(self.changes.get())
            threading.Event().wait(REPLICATE_EVERY_S)
            while not self.changes.empty():
                batch.append(self.changes.get())
            try:
                connection = http.client.HTTPConnection(*self.address, timeout=REPLICATE_TIMEOUT_S)
                connection.request('POST', '/internal/replicate', json.dumps(batch), {'Content-Type': 'application/json'})
                if connection.getresponse().status == 200:
                    batch = []
                connection.close()
            except (OSError, http.client.HTTPException):
                pass  # the same batch (and what came since) goes again


def main():
    args, listen, peers = parse_args()
    os.makedirs(args.data, exist_ok=True)
    leader = min([args.id] + list(peers))
    is_leader = leader == args.id
    replicators = [Replicator(address) for address in peers.values()] if is_leader else []

    def replicate(change):
        for replicator in replicators:
            replicator.changes.put(change)

    store = Store(args.data, durable=is_leader, on_change=replicate)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.1'

        def log_message(self, format, *values):
            pass  # one line per request would drown the node log

        def answer(self, status, body):
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header('Content-Type', 'application/json')
            self.send_header('Content-Length', str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def read_body(self):
            length = int(self.headers.get('Content-Length') or 0)
            return json.loads(self.rfile.read(length) or b'{}') if length else {}

        def route(self):
            parts = self.path.strip('/').split('/')
            if self.command == 'GET' and parts == ['health']:
                return self.answer(200, {'node': args.id, 'leader': leader})
            if self.command == 'POST' and parts == ['internal', 'replicate']:
                ok = all([store.apply_replicated(c['seq'], c['key'], c['value']) for c in self.read_body()])
                return self.answer(200 if ok else 409, {})
            if len(parts) < 2 or parts[0] != 'kv':
                return self.answer(404, {'error': 'no such path'})
            key = parts[1]
            op = {('GET', 2): 'get', ('PUT', 2): 'put'}.get((self.command, len(parts)))
            if op is None and self.command == 'POST' and len(parts) == 3 and parts[2] in ('cas', 'append'):
                op = parts[2]
            if op is None:
                return self.answer(404, {'error': 'no such operation'})
            body = self.read_body()
            if is_leader:
                return self.answer(*store.execute(op, key, body))
            if op == 'get' and args.mode == 'stale-reads':
                with store.lock:
                    present, value = key in store.values, store.values.get(key)
                return self.answer(200, {'value': value}) if present else self.answer(404, {})
            return self.forward(body)

        def forward(self, body):
            """Ask the leader; 503 only if the request surely did not reach it."""
            connection = http.client.HTTPConnection(*peers[leader], timeout=FORWARD_TIMEOUT_S)
            try:
                connection.connect()
            except OSError as error:
                return self.answer(503, {'error': f'leader unreachable: {error}'})
            try:
                connection.request(self.command, self.path, json.dumps(body) if body else None, {'Content-Type': 'application/json'})
                response = connection.getresponse()
                payload = response.read()
                self.send_response(response.status)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (OSError, http.client.HTTPException) as error:
                self.answer(504, {'error': f'no answer from the leader: {error}'})
            finally:
                connection.close()

        do_GET = do_PUT = do_POST = route

    server = ThreadingHTTPServer(listen, Handler)
    server.daemon_threads = True
    print(f'{args.id}: listening on {listen[0]}:{listen[1]}, leader {leader}, mode {args.mode}, peers {peers}', flush=True)
    server.serve_forever()


if __name__ == '__main__':
    main()
