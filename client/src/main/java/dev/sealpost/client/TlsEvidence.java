package dev.sealpost.client;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What protected a delivery, for logs, Received headers and audits: either nothing (clear text) or the
 * negotiated TLS session, what authenticated the server and which checks the certificate would pass.
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

  /** How the server was authenticated, if at all. */
  enum Authentication {
    /** A chain to a trusted CA and the host name (RFC 6125). */
    PKIX,
    /** A configured pin (and the host name). */
    PINNED,
    /** A DANE-EE(3) TLSA record matched the leaf (RFC 7672 §3.1.1; names and dates not checked). */
    DANE_EE,
    /** A DANE-TA(2) TLSA record matched a CA in the chain, and the leaf matched a reference name (RFC 7672 §3.1.2). */
    DANE_TA,
    /** Not authenticated: opportunistic TLS, {@code encrypt}, or DANE with only unusable records. */
    NONE
  }

  /**
   * @param protocol e.g. {@code TLSv1.3}
   * @param cipherSuite e.g. {@code TLS_AES_128_GCM_SHA256}
   * @param subject the server certificate's subject DN
   * @param sha256Fingerprint SHA-256 of the server certificate, lower-case hex
   * @param notAfter end of the server certificate's validity
   * @param authentication what authenticated the server; {@link Authentication#NONE} when nothing did
   * @param verifiedHostName the name the certificate was verified against (RFC 6125); empty when no name
   *     was required (no authentication, DANE-EE)
   * @param chainTrusted true when the chain leads to a CA the client trusts, whether or not that was
   *     required: for an unauthenticated session it says whether PKIX would have passed
   * @param hostNameMatches true when the certificate names include the host (or, for DANE, a reference
   *     identifier), whether or not that was required
   * @param daneMatch the TLSA record that authenticated the server
   */
  record Established(String protocol, String cipherSuite, String subject, String sha256Fingerprint, Instant notAfter,
      Authentication authentication, Optional<String> verifiedHostName, boolean chainTrusted, boolean hostNameMatches,
      Optional<TlsaAssociation> daneMatch) implements TlsEvidence {

    public Established {
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(cipherSuite, "cipherSuite");
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(sha256Fingerprint, "sha256Fingerprint");
      Objects.requireNonNull(notAfter, "notAfter");
      Objects.requireNonNull(authentication, "authentication");
      Objects.requireNonNull(verifiedHostName, "verifiedHostName");
      Objects.requireNonNull(daneMatch, "daneMatch");
    }

    /** True when the certificate was checked against a host name. */
    public boolean hostNameVerified() {
      return verifiedHostName.isPresent();
    }

    /** True when the certificate matched a configured pin. */
    public boolean pinned() {
      return authentication == Authentication.PINNED;
    }

    /** True when something authenticated the server; false for opportunistic and {@code encrypt} sessions. */
    public boolean authenticated() {
      return authentication != Authentication.NONE;
    }

    /** True when the server was authenticated by DANE (RFC 7672). */
    public boolean dane() {
      return daneMatch.isPresent();
    }

    /** For an unauthenticated session: whether the PKIX check (trusted chain and host name) would have passed. */
    public boolean wouldHaveVerified() {
      return chainTrusted && hostNameMatches;
    }

    @Override
    public boolean encrypted() {
      return true;
    }

    @Override
    public String describe() {
      return protocol + " " + cipherSuite + " subject=\"" + subject + "\" sha256=" + sha256Fingerprint
          + " notAfter=" + notAfter + " auth=" + authentication.name().toLowerCase(Locale.ROOT).replace('_', '-')
          + " host=" + verifiedHostName.orElse("(not verified)")
          + (chainTrusted ? " trusted-chain" : " untrusted-chain") + (hostNameMatches ? "" : " name-mismatch")
          + (pinned() ? " pinned" : "") + daneMatch.map(r -> " tlsa=\"" + r + "\"").orElse("");
    }
  }
}
