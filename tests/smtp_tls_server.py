#!/usr/bin/python3
"""smtp_tls_server.py - a real SMTP server that insists on STARTTLS and a login, for test_mail.c.

Debian's python3-aiosmtpd serves SMTP on 127.0.0.1:PORT with the certificate CERT and key KEY;
it refuses MAIL before STARTTLS and before an AUTH (PLAIN or LOGIN) that names USER and PASSWORD,
and writes each accepted message to a file of its own in DIR. It runs until SIGTERM.

usage: smtp_tls_server.py PORT CERT KEY USER PASSWORD DIR
"""
import logging
import os
import signal
import ssl
import sys
import threading
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class SaveEachMessage:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = os.path.join(self.folder, "m.%d" % self.count)
        with open(path + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(path + ".tmp", path)
        return "250 OK"


def main():
    # Quiet: the tests refuse handshakes and logins on purpose.
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    warnings.simplefilter("ignore")
    port, cert, key, user, password, folder = sys.argv[1:7]
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login == user.encode()
              and auth_data.password == password.encode())
        return AuthResult(success=ok)

    # The controller's own readiness check would need TLS too: check the port from the test instead.
    controller = Controller(SaveEachMessage(folder), hostname="127.0.0.1", port=int(port),
                            ready_timeout=10, tls_context=context, require_starttls=True,
                            auth_required=True, auth_require_tls=True, authenticator=authenticator)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(1):
        pass
    controller.stop()


if __name__ == "__main__":
    main()
