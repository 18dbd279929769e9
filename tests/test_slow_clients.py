"""Slow clients against ``allegiance serve`` in its own process, with the production waitress settings."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import requests
from test_hostile_sparql import served_process  # noqa: F401  (the fixture)

SLOW_CLIENTS = 150
"""More than waitress's default connection limit (100), far fewer than ours (endpoint/server.py)."""


def test_clients_trickling_headers_do_not_lock_out_the_others(served_process: str) -> None:  # noqa: F811
    """A bounded slowloris: 101 connections that sent part of their headers once locked every new client out.
    A normal client is answered while 150 of them trickle, and they are held, not dropped: each is answered once
    its headers end."""
    address = urlsplit(served_process)
    slow = [
        socket.create_connection((address.hostname, address.port), timeout=10) for _ in range(SLOW_CLIENTS)
    ]
    try:
        for connection in slow:
            connection.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: slow\r\n")
        for connection in slow:  # a second line: trickling, not idle
            connection.sendall(b"X-Trickle: 1\r\n")
        answer = requests.get(served_process + "/sparql", params={"query": "ASK {}"}, timeout=10)
        assert answer.status_code == 200 and answer.json()["boolean"] is True
        for connection in slow:
            connection.sendall(b"\r\n")
        for connection in slow:
            assert connection.makefile("rb").readline() == b"HTTP/1.1 200 OK\r\n"
    finally:
        for connection in slow:
            connection.close()
