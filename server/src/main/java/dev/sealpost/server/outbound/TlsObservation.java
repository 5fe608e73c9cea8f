package dev.sealpost.server.outbound;

import dev.sealpost.client.TlsEvidence;
import dev.sealpost.client.TlsException;
import java.util.Locale;
import java.util.Objects;

/**
 * What one connection to an MX host showed about its TLS, as {@link TlsHistory} judges it: verified
 * TLS (PKIX chain and host name, RFC 6125, whether or not the policy required it), or one of the three
 * ways it can be missing. Built from the client's outcome with {@link #of(TlsEvidence)} after a send and
 * {@link #of(TlsException)} after a failure.
 */
public sealed interface TlsObservation {

  /** The value in the {@code observed=} field of the log line. */
  String logName();

  /** The tail of "mx.example.com offered verified TLS on 2026-11-01 but now ...". */
  String describe();

  /** The three ways verified TLS can be missing. */
  enum Failure {
    /**
     * STARTTLS was not in the EHLO reply, or (under {@code may}, where the client then goes on in clear
     * text and cannot tell the two apart) it was refused.
     */
    NO_STARTTLS("offers no STARTTLS"),
    /** STARTTLS was answered with something other than 220, or the handshake failed. */
    STARTTLS_FAILED("fails STARTTLS"),
    /** TLS came up, but the certificate does not verify: expired, untrusted, wrong host, ... */
    CERTIFICATE_NOT_VERIFIED("presents a certificate that does not verify");

    private final String description;

    Failure(String description) {
      this.description = description;
    }
  }

  /** No verified TLS, for the reason {@code failure}; {@code detail} says more, for the log. */
  record Failed(Failure failure, String detail) implements TlsObservation {
    public Failed {
      Objects.requireNonNull(failure, "failure");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String logName() {
      return failure.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String describe() {
      return failure.description + " (" + detail + ")";
    }
  }

  /** TLS with a certificate that chains to a trusted CA, in its validity period, valid for the host. */
  record Verified(String protocol, String sha256) implements TlsObservation {
    public Verified {
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(sha256, "sha256");
    }

    @Override
    public String logName() {
      return "verified";
    }

    @Override
    public String describe() {
      return "offers verified TLS (" + protocol + ")";
    }
  }

  /**
   * The TLS of a session that got as far as sending. {@link TlsEvidence.Established#wouldHaveVerified()}
   * is the test, not {@code authenticated()}: under {@code may} the client checks nothing and only
   * reports whether PKIX would have passed, and those are exactly the hosts this memory is for.
   */
  static TlsObservation of(TlsEvidence evidence) {
    return switch (evidence) {
      case TlsEvidence.None n -> new Failed(Failure.NO_STARTTLS, "session ran in clear text");
      case TlsEvidence.Established e when e.wouldHaveVerified() -> new Verified(e.protocol(), e.sha256Fingerprint());
      case TlsEvidence.Established e -> new Failed(Failure.CERTIFICATE_NOT_VERIFIED, (e.chainTrusted() ? "trusted" : "untrusted")
          + " chain, " + (e.hostNameMatches() ? "name matches" : "name mismatch") + ", sha256=" + e.sha256Fingerprint());
    };
  }

  /** Why a connection's TLS failed, as the client reported it. */
  static TlsObservation of(TlsException failure) {
    return of(failure.reason());
  }

  /** The same, from the reason alone. */
  static TlsObservation of(TlsException.Reason reason) {
    Failure failure = switch (reason) {
      case STARTTLS_NOT_OFFERED -> Failure.NO_STARTTLS;
      case STARTTLS_REFUSED, HANDSHAKE_FAILED -> Failure.STARTTLS_FAILED;
      case EXPIRED, NOT_YET_VALID, SELF_SIGNED, UNTRUSTED_CHAIN, PIN_MISMATCH, WRONG_HOST, DANE_MISMATCH ->
          Failure.CERTIFICATE_NOT_VERIFIED;
    };
    return new Failed(failure, reason.name().toLowerCase(Locale.ROOT).replace('_', '-'));
  }
}
