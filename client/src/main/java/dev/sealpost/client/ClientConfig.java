package dev.sealpost.client;

import java.util.Optional;

/**
 * Everything a connection needs from its client, fixed at build time.
 *
 * @param dropUnsupportedDsn send the message without RET, ENVID, NOTIFY and ORCPT to a server without DSN
 *     instead of failing (a relay, RFC 3461 §4.1)
 */
record ClientConfig(Security security, TlsConnector tls, Optional<Credentials> credentials,
    Optional<AuthMechanism> authMechanism, Timeouts timeouts, SmtpEventListener listener, Optional<String> heloName,
    boolean dropUnsupportedDsn) {}
