"""Accounts: hashed passwords (argon2), roles, first-run bootstrap, the app's auth secret.

No default password exists anywhere: the first run creates an admin and a demo trainee with
random passwords that are printed once; later users come from `spar users add`.
"""

from __future__ import annotations

import os
import re
import secrets
import string
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from simulator.store import Store, StoreError, User

ROLES = ("trainee", "manager", "admin")
_hasher = PasswordHasher()
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$")
MIN_PASSWORD = 10


class AccountError(ValueError):
    """A user name, role or password is not acceptable; the message says why."""


def random_password(length: int = 16) -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(length))


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)


def add_user(
    store: Store, name: str, role: str, password: str | None = None, language: str = "en"
) -> tuple[User, str]:
    """Create a user; returns (user, password). A random password is made when none is given."""
    if not _NAME.match(name):
        raise AccountError(f"user name {name!r}: use 2-64 letters, digits, '.', '_', '@' or '-'")
    if role not in ROLES:
        raise AccountError(f"role {role!r}: choose one of {', '.join(ROLES)}")
    if language not in ("en", "zh"):
        raise AccountError(f"language {language!r}: choose en or zh")
    password = password or random_password()
    with store.session() as db:
        if db.exec(select(User).where(User.name == name)).first() is not None:
            raise AccountError(f"user {name!r} exists already")
        user = User(name=name, role=role, password_hash=hash_password(password), language=language)
        db.add(user)
        try:
            db.commit()
        except IntegrityError:  # the same name was added elsewhere at the same moment
            raise AccountError(f"user {name!r} exists already") from None
    return user, password


def set_password(store: Store, name: str, password: str | None = None) -> str:
    password = password or random_password()
    with store.session() as db:
        user = db.exec(select(User).where(User.name == name)).first()
        if user is None:
            raise AccountError(f"no user {name!r}")
        user.password_hash = hash_password(password)
        db.add(user)
        db.commit()
    return password


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user when the password matches; None otherwise (same answer for unknown names)."""
    with store.session() as db:
        user = db.exec(select(User).where(User.name == name)).first()
    if user is None or not user.password_hash:
        _hasher.hash(password or "x")  # spend the same time either way
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return user


@dataclass(frozen=True)
class Bootstrap:
    admin_password: str
    trainee_password: str


def bootstrap(store: Store) -> Bootstrap | None:
    """On an empty user table (ignoring CLI-only users), create `admin` and `demo` once."""
    with store.session() as db:
        has_login = db.exec(select(User).where(User.password_hash.is_not(None))).first()  # type: ignore[union-attr]
    if has_login is not None:
        return None
    try:
        _, admin_pw = add_user(store, "admin", "admin")
        _, demo_pw = add_user(store, "demo", "trainee")
    except AccountError as exc:
        with store.session() as db:
            if db.exec(select(User).where(User.name == "admin")).first() is not None:
                return None  # another replica started at the same moment and made them
        raise StoreError(f"cannot create the first users: {exc}") from exc  # a CLI-only user
    return Bootstrap(admin_pw, demo_pw)


def auth_secret(data_dir: Path) -> str:
    """The Chainlit auth secret, generated into the data dir (mode 600) on first use."""
    path = data_dir / "chainlit_auth_secret"
    if not path.is_file():
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
