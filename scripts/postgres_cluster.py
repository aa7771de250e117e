"""Run a command against a PostgreSQL cluster of its own: Debian's server, a data
directory nobody else uses, a free port on loopback.

    python scripts/postgres_cluster.py -- pytest          # throwaway: removed afterwards
    python scripts/postgres_cluster.py --dir var/pg -- …  # kept between runs (make serve)

The command gets ``DATABASE_URL`` pointing at the cluster; the cluster stops when
the command ends, however it ends. PostgreSQL refuses to run as root, so as root
the server runs as the ``postgres`` user that Debian's package creates.
"""

import argparse
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

DATABASE = "shop"
USER = "shop"
# A test cluster trades durability for speed; a kept one (make serve) does not.
# Without fsync only a crash of the machine loses data; without synchronous commit
# a crash of the server process loses commits it has already acknowledged.
NO_FSYNC = ["-c", "fsync=off", "-c", "full_page_writes=off"]
NO_SYNCHRONOUS_COMMIT = ["-c", "synchronous_commit=off"]


def server_binaries():
    """Debian puts the server in /usr/lib/postgresql/<major>/bin, off the PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda path: int(Path(path).parent.parent.name))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    sys.exit("PostgreSQL's server is missing: run 'apt-get install postgresql' "
             "(make test installs it when run as root).")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    def __init__(self, directory, throwaway, durable=None):
        self.bin = server_binaries()
        self.directory = Path(directory).resolve()
        self.throwaway = throwaway
        # A throwaway cluster skips flushing to disk; unless it must be ``durable``
        # (a test that crashes it), it also acknowledges commits before writing them.
        self.durable = not throwaway if durable is None else durable
        self.port = free_port()
        self.started = False  # only a server this object started is ever stopped
        self.owner = None
        if os.geteuid() == 0:
            try:
                self.owner = pwd.getpwnam("postgres")
            except KeyError:
                sys.exit("Running as root, PostgreSQL needs the 'postgres' user "
                         "(Debian's postgresql package creates it).")

    @property
    def url(self):
        return f"postgres://{USER}@127.0.0.1:{self.port}/{DATABASE}"

    def run(self, *args, **kwargs):
        if self.owner:
            kwargs.update(user=self.owner.pw_uid, group=self.owner.pw_gid)
        kwargs.setdefault("check", True)
        return subprocess.run([str(self.bin / args[0]), *args[1:]], **kwargs)

    def start(self):
        data = self.directory / "data"
        self.directory.mkdir(parents=True, exist_ok=True)
        if self.owner:
            os.chown(self.directory, self.owner.pw_uid, self.owner.pw_gid)
            reachable = subprocess.run(["test", "-w", str(self.directory)],
                                       user=self.owner.pw_uid, group=self.owner.pw_gid)
            if reachable.returncode:
                sys.exit(f"PostgreSQL runs as 'postgres' here (you are root) and cannot enter "
                         f"{self.directory}: one of its parent directories is private. Put "
                         "the project where other users may enter (/srv, /opt), or run as "
                         "an ordinary user.")
        if not (data / "PG_VERSION").exists():
            self.run("initdb", "-D", str(data), "-U", USER, "--auth=trust",
                     "--encoding=UTF8", "--locale=C.UTF-8", stdout=subprocess.DEVNULL)
        options = ["-p", str(self.port), "-k", str(self.directory),
                   "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"]
        if self.throwaway:
            options += NO_FSYNC
        if not self.durable:
            options += NO_SYNCHRONOUS_COMMIT
        self.run("pg_ctl", "-D", str(data), "-l", str(self.directory / "server.log"),
                 "-o", " ".join(options), "-w", "-s", "start")
        self.started = True
        exists = subprocess.run(
            [str(self.bin / "psql"), self.url.rsplit("/", 1)[0] + "/postgres", "-tAc",
             f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"],
            check=True, capture_output=True, text=True).stdout.strip()
        if not exists:
            subprocess.run([str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                            "-U", USER, DATABASE], check=True)

    def stop(self, mode="fast"):
        """Stop the server ("immediate": as a crash would) and, when throwaway, remove it."""
        self.stop_server(mode)
        if self.throwaway:
            shutil.rmtree(self.directory, ignore_errors=True)

    def stop_server(self, mode="fast"):
        if self.started:
            self.run("pg_ctl", "-D", str(self.directory / "data"), "-m", mode, "-w", "-s",
                     "stop", check=False)
            self.started = False

def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", help="keep the cluster in this directory (default: a "
                                      "temporary one, removed afterwards)")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")
    directory = args.dir or tempfile.mkdtemp(prefix="shop-postgres-")
    cluster = Cluster(directory, throwaway=not args.dir)
    child = None

    def forward(signum, frame):
        # Stop the command first, then (in ``finally``) the cluster under it.
        if child and child.poll() is None:
            child.send_signal(signum)
        else:
            raise SystemExit(128 + signum)

    def wait_for_child(signum, frame):
        # Ctrl-C reaches the whole process group: the command has it already, and
        # stops at its own pace; the cluster waits for it.
        if child is None:
            raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, wait_for_child)
    try:
        cluster.start()
        print(f"PostgreSQL on 127.0.0.1:{cluster.port} ({cluster.directory})", flush=True)
        child = subprocess.Popen(command, env=dict(os.environ, DATABASE_URL=cluster.url))
        return child.wait()
    finally:
        cluster.stop()

if __name__ == "__main__":
    sys.exit(main())
