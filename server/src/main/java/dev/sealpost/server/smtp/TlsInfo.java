package dev.sealpost.server.smtp;

/** What the TLS handshake negotiated, for the Received header and the logs. */
public record TlsInfo(String protocol, String cipherSuite) {
  @Override
  public String toString() {
    return protocol + " " + cipherSuite;
  }
}
