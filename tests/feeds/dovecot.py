"""A real IMAP server for the tests: Debian's dovecot (``dovecot-imapd``, installed by
``.ci/run``) on loopback ports, with a throw-away Maildir, one user and a self-signed
certificate made by openssl. IMAPS and STARTTLS only; plaintext logins are refused.

    with Dovecot(tmp_path) as server:
        server.deliver("Newsletters", raw_message_bytes)
        server.imaps_port, server.imap_port, server.cafile, server.user, server.password
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = yes
auth_mechanisms = plain
first_valid_uid = 0
first_valid_gid = 0
mail_location = maildir:{mail}/%u
mail_uid = {uid}
mail_gid = {gid}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={mail}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
# the throw-away files sit in the test's private temporary folder: read them as its user
service auth {{
  user = {user_name}
}}
service auth-worker {{
  user = {user_name}
}}
service imap-login {{
  chroot =
}}
"""


def available() -> str | None:
    """Why the server cannot run here (None: it can)."""
    if not Path(DOVECOT).exists():
        return "dovecot is not installed (apt-get install dovecot-imapd; .ci/run does)"
    if not shutil.which("openssl"):
        return "openssl is not installed (apt-get install openssl)"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Dovecot:
    user = "reader"
    password = "s3cret-pass"

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.imap_port = _free_port()
        self.imaps_port = _free_port()
        self.cafile = str(self.root / "cert.pem")
        self._process: subprocess.Popen | None = None
        # Dovecot never reads mail as root: as root, the mail belongs to its own user, in
        # a folder of /tmp that user can reach (the test's temporary folder is private).
        owner = pwd.getpwnam("dovecot") if os.getuid() == 0 else pwd.getpwuid(os.getuid())
        self.uid, self.gid = owner.pw_uid, owner.pw_gid
        self.mail = Path(tempfile.mkdtemp(prefix="article-reader-imap-"))
        os.chown(self.mail, self.uid, self.gid)

    def __enter__(self) -> Dovecot:
        root = self.root
        for sub in ("run", "state"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-keyout", str(root / "key.pem"), "-out", self.cafile, "-subj", "/CN=localhost",
             "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
            check=True, capture_output=True,
        )  # fmt: skip
        (root / "passwd").write_text(f"{self.user}:{{PLAIN}}{self.password}\n")
        config = root / "dovecot.conf"
        config.write_text(
            CONFIG.format(
                root=root,
                uid=self.uid,
                gid=self.gid,
                user_name=pwd.getpwuid(os.getuid()).pw_name,
                mail=self.mail,
                imap_port=self.imap_port,
                imaps_port=self.imaps_port,
            )
        )
        self._process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"dovecot did not start: {self._process.stderr.read()!r}")
            try:
                socket.create_connection(("127.0.0.1", self.imaps_port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.__exit__()
        raise RuntimeError("dovecot did not start listening within 15 seconds")

    def __exit__(self, *exc) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self._process is not None and self._process.stderr:
            self._process.stderr.close()
        shutil.rmtree(self.mail, ignore_errors=True)

    def deliver(self, folder: str, message: bytes) -> None:
        """Put a message into a folder (Maildir++: ``.Folder``; INBOX is the root)."""
        box = self.mail / self.user
        if folder != "INBOX":
            box = box / f".{folder}"
        for path in (self.mail / self.user, box, box / "cur", box / "new", box / "tmp"):
            path.mkdir(exist_ok=True)
            os.chown(path, self.uid, self.gid)
        name = f"{time.time():.6f}.{uuid.uuid4().hex}.test"
        (box / "tmp" / name).write_bytes(message)
        os.chown(box / "tmp" / name, self.uid, self.gid)
        (box / "tmp" / name).rename(box / "new" / name)


class DroppingProxy:
    """A TCP relay on 127.0.0.1 to ``port`` that cuts every connection once the server
    has sent ``after`` bytes through it: a server that drops the line mid-fetch."""

    def __init__(self, port: int, after: int) -> None:
        self.target, self.after = port, after
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> DroppingProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._listener.close()
        self._thread.join(5)

    def _serve(self) -> None:
        self._listener.settimeout(0.1)
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                continue
            server = socket.create_connection(("127.0.0.1", self.target))
            threading.Thread(target=self._pipe, args=(client, server, None), daemon=True).start()
            threading.Thread(
                target=self._pipe, args=(server, client, self.after), daemon=True
            ).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket, limit: int | None) -> None:
        sent = 0
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if limit is not None and sent + len(data) > limit:
                    dst.sendall(data[: limit - sent])
                    break
                dst.sendall(data)
                sent += len(data)
        except OSError:
            pass
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()
