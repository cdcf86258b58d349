"""A minimal HTTP/1.1 client on one socket, for the auth tests: requests
are sent as given and each response is read by its framing, so a test can
keep one connection across handshake legs or send malformed headers."""
import socket


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers      # [(name lowercased, value)], in order
        self.body = body

    def values(self, name):
        return [v for n, v in self.headers if n == name.lower()]


class Connection:
    def __init__(self, host, port, timeout=20):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.buf = b""
        self.host = host
        self.port = port

    def close(self):
        self.sock.close()

    def send_raw(self, data):
        self.sock.sendall(data)

    def request(self, method, path, headers=(), body=b""):
        lines = ["%s %s HTTP/1.1" % (method, path),
                 "Host: %s:%d" % (self.host, self.port)]
        lines += ["%s: %s" % (n, v) if v else "%s:" % n for n, v in headers]
        if body or method in ("POST", "PUT"):
            lines.append("Content-Length: %d" % len(body))
        self.send_raw(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        return self.read_response()

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("connection closed")
        self.buf += chunk

    def _line(self):
        while b"\r\n" not in self.buf:
            self._fill()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line.decode("latin-1")

    def _take(self, n):
        while len(self.buf) < n:
            self._fill()
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def read_response(self):
        status = int(self._line().split()[1])
        headers = []
        while True:
            line = self._line()
            if not line:
                break
            name, _, value = line.partition(":")
            headers.append((name.strip().lower(), value.strip()))
        resp = Response(status, headers, b"")
        if status == 100:
            return self.read_response()
        length = resp.values("content-length")
        if resp.values("transfer-encoding"):
            body = b""
            while True:
                size = int(self._line().split(";")[0], 16)
                if size == 0:
                    self._line()
                    break
                body += self._take(size)
                self._take(2)
            resp.body = body
        elif length:
            resp.body = self._take(int(length[0]))
        return resp

    def is_closed(self, wait=2.0):
        """True when the server closed the connection (EOF within wait)."""
        self.sock.settimeout(wait)
        try:
            return self.sock.recv(1, socket.MSG_PEEK) == b""
        except socket.timeout:
            return False
        except OSError:
            return True
