package dev.sealpost.client;

/**
 * How the connection is protected: TLS before the first SMTP byte, TLS required through STARTTLS,
 * opportunistic STARTTLS for relaying to MX hosts, or explicitly and visibly no TLS for tests. Which
 * certificate is accepted once TLS is up is {@link TlsOptions#check()}'s business.
 */
public sealed interface Security {

  /** The port used when the caller gives none. */
  int defaultPort();

  /** TLS from the first byte (RFC 8314 §3.3), port 465. The default, and the recommended mode. */
  static Security implicitTls() {
    return new ImplicitTls();
  }

  /**
   * Plain connection upgraded with STARTTLS (RFC 3207), port 587. If the server does not offer STARTTLS, does
   * not answer it with 220 or the handshake fails, the send fails: it never goes on in clear text.
   */
  static Security startTlsRequired() {
    return new StartTlsRequired();
  }

  /**
   * Opportunistic STARTTLS for MX relaying (RFC 7435; Postfix's {@code may}), port 25. STARTTLS when the
   * server offers it, with the same care as {@link #startTlsRequired()} (only 220 starts TLS, read-ahead
   * dropped, EHLO again); clear text when it does not offer it, or when it answers STARTTLS with a 4xx or
   * 5xx refusal (the session is unchanged by a refusal, RFC 3207 §4, and an attacker able to forge the
   * refusal could as well strip the offer). The certificate is not verified (RFC 7672 §1.3); the evidence
   * still says whether it would have been. A failed handshake fails the send with
   * {@link TlsException.Reason#HANDSHAKE_FAILED}: whether to retry in clear text is the relay's choice, made
   * on a new connection. Credentials are refused at build time: they would go to an unauthenticated peer.
   */
  static Security opportunisticStartTls() {
    return new OpportunisticStartTls();
  }

  /**
   * No TLS at all, for tests and a relay on localhost. AUTH is never sent on such a connection, and the
   * name says what it is so that it stands out in review.
   */
  static Security insecureCleartext() {
    return new InsecureCleartext();
  }

  record ImplicitTls() implements Security {
    @Override
    public int defaultPort() {
      return 465;
    }
  }

  record StartTlsRequired() implements Security {
    @Override
    public int defaultPort() {
      return 587;
    }
  }

  record OpportunisticStartTls() implements Security {
    @Override
    public int defaultPort() {
      return 25;
    }
  }

  record InsecureCleartext() implements Security {
    @Override
    public int defaultPort() {
      return 25;
    }
  }
}
