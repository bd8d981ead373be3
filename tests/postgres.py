"""A throwaway PostgreSQL cluster for tests and benchmarks: Debian's server binaries (installed by
`make install`), `initdb` and `pg_ctl` in a temp dir, a free loopback port, stopped at the end.

No service of the machine is used or needed: CI machines start with nothing running.
"""

from __future__ import annotations

import atexit
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.app_server import free_port

USER = "spar"


class PostgresMissing(RuntimeError):
    """Debian's postgresql package is not installed."""


def server_bin_dir() -> Path:
    """Where initdb and pg_ctl are (Debian keeps them out of PATH, one folder per version)."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3])
    )
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise PostgresMissing(
        "PostgreSQL's initdb is not installed; run `make install` (it installs Debian's "
        "postgresql package) or `apt-get install postgresql`"
    )


class Cluster:
    """One PostgreSQL server in its own temp dir, listening on 127.0.0.1 only."""

    def __init__(self) -> None:
        self.bin = server_bin_dir()
        self.root = Path(tempfile.mkdtemp(prefix="spar-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.password = secrets.token_urlsafe(16)
        # initdb refuses to run as root; as root, the cluster belongs to Debian's postgres user.
        self.owner = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
        self.running = False

    def _run(self, *args: str) -> None:
        kwargs = {"user": self.owner.pw_uid, "group": self.owner.pw_gid} if self.owner else {}
        done = subprocess.run(args, capture_output=True, text=True, cwd=self.root, **kwargs)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:2])} failed: {done.stderr or done.stdout}")

    def start(self) -> Cluster:
        pwfile = self.root / "pw"
        pwfile.write_text(self.password)
        if self.owner:
            for path in (self.root, pwfile):
                os.chown(path, self.owner.pw_uid, self.owner.pw_gid)
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", USER,
                  f"--pwfile={pwfile}", "--auth-host=scram-sha-256", "--auth-local=trust",
                  "--encoding=UTF8", "--locale=C.UTF-8")
        pwfile.unlink()
        options = " ".join([
            "-c listen_addresses=127.0.0.1", f"-c port={self.port}",
            f"-c unix_socket_directories={self.root}", "-c max_connections=400",
            # a throwaway cluster: durability is not wanted, speed is
            "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off",
        ])
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "log"),
                  "-o", options, "-w", "-t", "60", "start")
        self.running = True
        atexit.register(self.stop)
        return self

    def stop(self) -> None:
        if self.running:
            self.running = False
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        """A SQLAlchemy URL (psycopg 3 driver) for a database of this cluster."""
        return (f"postgresql+psycopg://{USER}:{self.password}@127.0.0.1:{self.port}/{database}")

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = name or f"t_{secrets.token_hex(6)}"
        with psycopg.connect(self.url().replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)
