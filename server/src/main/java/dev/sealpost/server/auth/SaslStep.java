package dev.sealpost.server.auth;

/** What a SASL server mechanism wants after each client message (RFC 4954 §4). */
public sealed interface SaslStep {

  /** Send {@code 334 <base64>} and read one more client line. */
  record Challenge(String base64) implements SaslStep {}

  /** The exchange is complete; check these credentials. */
  record Done(Credentials credentials) implements SaslStep {}

  /** The client sent {@code *}: reply 501 5.0.0 (RFC 4954 §4). */
  record Aborted() implements SaslStep {}

  /**
   * Bad base64 or structure: reply 501 5.5.2.
   *
   * @param why for the log; never contains the client's data
   */
  record Malformed(String why) implements SaslStep {}
}
