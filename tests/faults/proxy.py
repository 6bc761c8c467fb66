"""A TCP proxy on loopback that can cut every connection through it at once,
as a venue's Wi-Fi does when an access point restarts."""

from __future__ import annotations

import socket
import threading

from servers import free_port


class CuttableProxy:
    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self._running = True
        self.online = True  # while False, new connections are refused, as in an outage
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while self._running:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if not self.online:
                client.close()
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                self._close(end)

    def _close(self, end: socket.socket) -> None:
        try:
            end.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        end.close()

    def cut_all(self) -> int:
        """Drop every connection through the proxy; returns how many there were.
        Set `online` False first to keep them out until the outage ends."""
        with self._lock:
            cut, self._open = self._open, []
        for end in cut:
            self._close(end)
        return len(cut) // 2

    def close(self) -> None:
        self._running = False
        self._listener.close()
        self.cut_all()
