package dev.sealpost.client;

import java.util.Optional;

/** Everything a connection needs from its client, fixed at build time. */
record ClientConfig(Security security, TlsConnector tls, Optional<Credentials> credentials,
    Optional<AuthMechanism> authMechanism, Timeouts timeouts, SmtpEventListener listener, Optional<String> heloName) {}
