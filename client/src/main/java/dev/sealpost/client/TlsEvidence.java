package dev.sealpost.client;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What protected a delivery, for logs, Received headers and audits: either nothing (clear text) or the
 * negotiated TLS session and the checks the certificate passed.
 */
public sealed interface TlsEvidence {

  static TlsEvidence none() {
    return new None();
  }

  boolean encrypted();

  /** One line for a transcript or log. */
  String describe();

  /** Clear text: there is no evidence. */
  record None() implements TlsEvidence {
    @Override
    public boolean encrypted() {
      return false;
    }

    @Override
    public String describe() {
      return "none";
    }
  }

  /**
   * @param protocol e.g. {@code TLSv1.3}
   * @param cipherSuite e.g. {@code TLS_AES_128_GCM_SHA256}
   * @param subject the server certificate's subject DN
   * @param sha256Fingerprint SHA-256 of the server certificate, lower-case hex
   * @param notAfter end of the server certificate's validity
   * @param verifiedHostName the name the certificate was verified against (RFC 6125)
   * @param chainTrusted true when a trusted CA vouched for the chain; false when only a pin did
   * @param pinned true when the certificate matched a configured pin
   */
  record Established(String protocol, String cipherSuite, String subject, String sha256Fingerprint, Instant notAfter,
      Optional<String> verifiedHostName, boolean chainTrusted, boolean pinned) implements TlsEvidence {

    public Established {
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(cipherSuite, "cipherSuite");
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(sha256Fingerprint, "sha256Fingerprint");
      Objects.requireNonNull(notAfter, "notAfter");
      Objects.requireNonNull(verifiedHostName, "verifiedHostName");
    }

    /** True when the certificate was checked against a host name. */
    public boolean hostNameVerified() {
      return verifiedHostName.isPresent();
    }

    @Override
    public boolean encrypted() {
      return true;
    }

    @Override
    public String describe() {
      return protocol + " " + cipherSuite + " subject=\"" + subject + "\" sha256=" + sha256Fingerprint
          + " notAfter=" + notAfter + " host=" + verifiedHostName.orElse("(not verified)")
          + (chainTrusted ? " trusted-chain" : "") + (pinned ? " pinned" : "");
    }
  }
}
