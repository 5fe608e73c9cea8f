package dev.sealpost.client;

/**
 * How the connection is protected. There is no opportunistic mode: TLS is either there before the first
 * SMTP byte, or required through STARTTLS, or explicitly and visibly turned off for tests.
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

  record InsecureCleartext() implements Security {
    @Override
    public int defaultPort() {
      return 25;
    }
  }
}
