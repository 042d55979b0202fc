"""A small SMTP server for the reliability tests: the edge our worker processes talk to.

It records a message only when it answers 250 to its DATA. With ``hold_after`` set, every
later message waits before that answer until :meth:`release` is called, so a test can
kill a worker while its sends are provably unfinished. With ``take_held`` too, a held
message is recorded before it waits: the server has it, the sender does not know yet,
as when a worker dies between the server's "accepted" and marking the e-mail sent.
"""

import select
import socket
import socketserver
import threading
from email import message_from_bytes


class SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, hold_after=None, take_held=False):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.messages = []
        self.admitted = 0
        self.holding = 0
        #: Messages not accepted because their sender had gone when the answer was due.
        self.dropped = 0
        self.hold_after = hold_after
        self.take_held = take_held
        self.released = threading.Event()
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self):
        return self.server_address[1]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.release()
        self.shutdown()
        self.server_close()

    def release(self):
        self.hold_after = None
        self.released.set()

    def message_ids(self):
        with self.lock:
            return [m["Message-ID"] for m in self.messages]

    def _take(self, data):
        with self.lock:
            self.messages.append(message_from_bytes(data[:-5]))

    def _should_hold(self):
        """Admit the first ``hold_after`` messages, counted as they arrive; hold the rest."""
        with self.lock:
            if self.hold_after is None or self.admitted < self.hold_after:
                self.admitted += 1
                return False
            return True


class _Handler(socketserver.StreamRequestHandler):
    def _client_gone(self):
        readable, _, _ = select.select([self.connection], [], [], 0)
        return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        server = self.server
        self.reply("220 meldcode-test ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 meldcode-test")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self.reply("250 OK")
            elif command == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = b""
                while not data.endswith(b"\r\n.\r\n"):
                    chunk = self.rfile.readline()
                    if not chunk:
                        return  # the client died while sending
                    data += chunk
                hold = server._should_hold()
                taken = hold and server.take_held
                if taken:
                    server._take(data)
                if hold:
                    with server.lock:
                        server.holding += 1
                    server.released.wait()
                    with server.lock:
                        server.holding -= 1
                if self._client_gone():
                    with server.lock:
                        server.dropped += 1
                    return  # the client died while we held its message
                self.reply("250 OK queued")
                if not taken:
                    server._take(data)
            elif command == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")
