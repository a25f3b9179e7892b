"""A real PostgreSQL server for the tests: Debian's `postgresql` package, a cluster made by
`initdb` in a temporary folder, started by `pg_ctl` on a Unix socket only (no TCP port), run as an
unprivileged user when the tests run as root (the server refuses root), stopped at the end.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROLE = "tracker"


def binaries() -> Path | None:
    """The folder of initdb and pg_ctl: on PATH, else Debian's /usr/lib/postgresql/N/bin."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(folder) / "pg_ctl").exists() and (Path(folder) / "initdb").exists():
            return Path(folder)
    return None


def _server_user() -> str | None:
    """None when we are not root; else a user the server agrees to run as."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root and no 'postgres' or 'nobody' user to start PostgreSQL as")


@dataclass
class Server:
    folder: Path
    bin: Path
    user: str | None

    @property
    def socket_dir(self) -> Path:
        return self.folder / "socket"

    def url(self, database: str) -> str:
        return f"postgresql://{ROLE}@/{database}?host={self.socket_dir}"

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(list(args), capture_output=True, text=True, user=self.user, cwd=self.folder,
                              check=True, timeout=120)

    @classmethod
    def start(cls) -> Server:
        bin_folder = binaries()
        if bin_folder is None:
            raise RuntimeError("PostgreSQL is not installed (Debian's package: postgresql)")
        user = _server_user()
        folder = Path(tempfile.mkdtemp(prefix="tracker-pg-"))
        (folder / "socket").mkdir()
        if user is not None:
            for path in (folder, folder / "socket"):
                shutil.chown(path, user)
        server = cls(folder, bin_folder, user)
        server._run(str(bin_folder / "initdb"), "-D", str(folder / "data"), "-U", ROLE, "--auth=trust",
                    "-E", "UTF8", "--no-locale", "--no-sync")
        options = (f"-k {folder / 'socket'} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off -c max_connections=60")
        server._run(str(bin_folder / "pg_ctl"), "-D", str(folder / "data"), "-o", options, "-l",
                    str(folder / "server.log"), "-w", "start")
        return server

    def sql(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as db:
            db.execute(statement)

    def new_database(self, name: str, template: str | None = None) -> str:
        """A fresh database (a copy of `template` when given); returns its URL."""
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.sql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
