"""Curator accounts: a file of names and hashed tokens, read by ``allegiance serve --curators FILE``.

One line per curator, ``name<TAB>scrypt$<salt>$<hash>`` (hex), ``#`` for comments. A token is
``<name-slug>.<secret>`` and is shown once, when ``allegiance curate account NAME`` issues it; the file keeps
only its scrypt hash, so a copy of the file lets nobody in. The slug in front says which line to check, so a
request costs one scrypt (about 20 ms), and a token that passed is remembered until the file changes.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
from pathlib import Path

from allegiance.iris import slug

SCRYPT = {"n": 2**14, "r": 8, "p": 1}
"""scrypt's cost: what Python's documentation gives as a minimum for interactive logins."""


def _hash(secret: str, salt: bytes) -> str:
    return hashlib.scrypt(secret.encode(), salt=salt, **SCRYPT).hex()


class Accounts:
    """The curators of one server, read from their file (again whenever it changes)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._read_at: float | None = None
        self._lines: dict[str, tuple[str, str]] = {}  # slug -> (name, "scrypt$salt$hash")
        self._passed: dict[str, str] = {}  # token -> name, since the file was read

    def _load(self) -> dict[str, tuple[str, str]]:
        with self._lock:
            changed = self.path.stat().st_mtime if self.path.exists() else None
            if changed != self._read_at:
                self._read_at, self._passed, self._lines = changed, {}, {}
                text = self.path.read_text(encoding="utf-8") if self.path.exists() else ""
                for number, line in enumerate(text.splitlines(), start=1):
                    if not line.strip() or line.startswith("#"):
                        continue
                    name, tab, hashed = line.partition("\t")
                    if not tab or hashed.count("$") != 2:
                        raise ValueError(f"{self.path}:{number}: expected 'name<TAB>scrypt$salt$hash'")
                    self._lines[slug(name)] = (name, hashed)
            return self._lines

    def who(self, token: str) -> str | None:
        """The curator whose token this is, or None."""
        key, dot, secret = token.strip().partition(".")
        found = self._load().get(key) if dot else None
        if found is None:
            return None
        if self._passed.get(token) == found[0]:
            return found[0]
        _, salt, expected = found[1].split("$")
        if not hmac.compare_digest(_hash(secret, bytes.fromhex(salt)), expected):
            return None
        self._passed[token] = found[0]
        return found[0]

    def issue(self, name: str) -> str:
        """A new token for ``name`` (replacing any it had); the file is rewritten whole, then renamed into place."""
        name = " ".join(name.split())
        if not name or slug(name) == "unnamed":
            raise ValueError("a curator needs a name with letters or digits")
        secret = secrets.token_urlsafe(24)
        salt = secrets.token_bytes(16)
        lines = dict(self._load())
        lines[slug(name)] = (name, f"scrypt${salt.hex()}${_hash(secret, salt)}")
        partial = self.path.with_name(f".{self.path.name}.partial")
        partial.write_text("".join(f"{n}\t{h}\n" for n, h in lines.values()), encoding="utf-8")
        os.chmod(partial, 0o600)
        partial.replace(self.path)
        return f"{slug(name)}.{secret}"
