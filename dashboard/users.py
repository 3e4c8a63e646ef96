"""The dashboard's users file: names, roles and salted scrypt hashes of passwords.

A JSON object `{"users": {NAME: {"role": "viewer" | "editor", "password": HASH}}}`, written
atomically (a temporary file renamed over it) with mode 0600. HASH is
`scrypt$N$r$p$SALT$KEY` (salt and key base64): the parameters travel with each hash, so they can
grow later without breaking old ones. No Flask here: `auth` checks requests against these users,
`cli` manages the file.
"""

import base64
import functools
import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from etl import DiskursError

ROLES = ("viewer", "editor")
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1  # ~16 MiB and ~50 ms a check: slow to guess
SALT_BYTES, KEY_BYTES = 16, 32
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}")
MIN_PASSWORD = 8


class UsersError(DiskursError):
    """The users file cannot be read or written, or a user or password is not acceptable."""


@dataclass(frozen=True)
class User:
    """A signed-in user: a name and a role; editors may write (labels), viewers only read."""

    name: str
    role: str

    @property
    def can_edit(self) -> bool:
        return self.role == "editor"


def hash_password(password: str) -> str:
    """A new salted scrypt hash of `password`, with its parameters."""
    salt = secrets.token_bytes(SALT_BYTES)
    key = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    """True when `password` matches `stored` (a hash_password result); False for any other
    or malformed hash, in constant time for the comparison."""
    try:
        kind, n, r, p, salt, key = stored.split("$")
        if kind != "scrypt":
            return False
        expected = base64.b64decode(key)
        found = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p), len(expected))
    except (ValueError, TypeError, AttributeError):
        return False
    return hmac.compare_digest(found, expected)


@functools.cache
def _dummy_hash():
    """A hash checked when a name is unknown, so that costs as long as a wrong password (made
    on first use: hashing at import would cost every process 50 ms)."""
    return hash_password(secrets.token_hex(8))


def check(users: dict, name: str, password: str) -> User | None:
    """The user `name` if `password` is theirs, else None (unknown names take as long)."""
    entry = users.get(name)
    if entry is None:
        verify_password(password, _dummy_hash())
        return None
    return User(name, entry["role"]) if verify_password(password, entry["password"]) else None


def load(path: Path | str) -> dict:
    """{name: {"role", "password"}} of the users file; UsersError when it is missing or broken."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsersError(f"no users file {path}: add a user with `diskurs users add NAME --users {path}`") from None
    except (OSError, ValueError) as error:
        raise UsersError(f"cannot read users file {path}: {error}") from None
    users = data.get("users") if isinstance(data, dict) else None
    if not isinstance(users, dict) or not all(
        isinstance(entry, dict) and entry.get("role") in ROLES and isinstance(entry.get("password"), str)
        for entry in users.values()
    ):
        raise UsersError(f"users file {path} is not a Diskurs users file")
    return users


def load_or_empty(path: Path | str) -> dict:
    """`load`, or no users when the file does not exist yet."""
    return load(path) if Path(path).exists() else {}


def save(path: Path | str, users: dict) -> None:
    """Write the users file atomically, readable by its owner only (mode 0600)."""
    write_private(path, json.dumps({"users": users}, indent=2, sort_keys=True) + "\n")


def add(path: Path | str, name: str, password: str, role: str = "viewer") -> None:
    """Add `name` (or give them a new password and role) with a salted hash of `password`."""
    if not NAME.fullmatch(name or ""):
        raise UsersError("a user name is 1-64 letters, digits and _.@- (starting with a letter or digit)")
    if role not in ROLES:
        raise UsersError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise UsersError(f"a password needs at least {MIN_PASSWORD} characters")
    users = load_or_empty(path)
    save(path, {**users, name: {"role": role, "password": hash_password(password)}})


def remove(path: Path | str, name: str) -> None:
    """Remove `name` from the users file; UsersError when there is no such user."""
    users = load(path)
    if name not in users:
        raise UsersError(f"no user {name} in {path}")
    save(path, {other: entry for other, entry in users.items() if other != name})


def secret_key(users_path: Path | str) -> str:
    """The key signing session cookies, kept beside the users file (`FILE.secret`, mode 0600),
    made on first use: sessions then survive a restart and are shared by gunicorn's workers."""
    path = Path(f"{users_path}.secret")
    try:
        key = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        key = ""
    if not key:
        key = secrets.token_hex(32)
        write_private(path, key + "\n")
    return key


def write_private(path: Path | str, text: str) -> None:
    """Write `text` to `path` atomically with mode 0600 (never readable by others, not even
    for a moment: the temporary file is made private before anything is written)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            os.chmod(tmp, 0o600)
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _scrypt(password, salt, n, r, p, length=KEY_BYTES):
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=2**26, dklen=length)


def _b64(data):
    return base64.b64encode(data).decode("ascii")
