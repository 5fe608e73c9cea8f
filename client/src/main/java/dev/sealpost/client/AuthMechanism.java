package dev.sealpost.client;

/** The SASL mechanisms the client speaks (RFC 4954 AUTH), always and only inside TLS. */
public enum AuthMechanism {
  /** RFC 4616: user and password in one message. Preferred for passwords: one round trip. */
  PLAIN,
  /** The de-facto LOGIN mechanism: user, then password, each after a 334 prompt. */
  LOGIN,
  /** Google/Microsoft XOAUTH2: an OAuth 2.0 bearer token obtained by the caller. */
  XOAUTH2
}
