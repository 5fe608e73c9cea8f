"""An independent SMTP server for interop tests: aiosmtpd on 127.0.0.1, port chosen by the OS.

Usage: aiosmtpd_server.py starttls|implicit CERT KEY USER PASSWORD
Prints "PORT <n>" once listening, then one JSON line per message received.
"""
import asyncio
import base64
import json
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

mode, cert, key, user, password = sys.argv[1:6]


class Handler:
    async def handle_DATA(self, server, session, envelope):
        print(json.dumps({
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "mail_options": envelope.mail_options,
            "tls": session.ssl is not None or mode == "implicit",
            "auth": session.authenticated,
            "content": base64.b64encode(envelope.original_content or envelope.content).decode(),
        }), flush=True)
        return "250 2.0.0 OK queued"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
          and auth_data.password.decode() == password)
    return AuthResult(success=ok, handled=False)


async def main():
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    loop = asyncio.get_running_loop()
    if mode == "starttls":
        factory = lambda: SMTP(Handler(), hostname="mx.test", tls_context=ctx, require_starttls=True,
                               authenticator=authenticator, auth_required=True, auth_require_tls=True,
                               enable_SMTPUTF8=True)
        srv = await loop.create_server(factory, "127.0.0.1", 0)
    else:
        # Implicit TLS: the transport is TLS from the start, which aiosmtpd does not see as STARTTLS.
        factory = lambda: SMTP(Handler(), hostname="mx.test", authenticator=authenticator, auth_required=True,
                               auth_require_tls=False, enable_SMTPUTF8=True)
        srv = await loop.create_server(factory, "127.0.0.1", 0, ssl=ctx)
    print("PORT", srv.sockets[0].getsockname()[1], flush=True)
    await asyncio.sleep(120)


asyncio.run(main())
