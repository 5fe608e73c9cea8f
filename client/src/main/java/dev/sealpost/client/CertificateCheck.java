package dev.sealpost.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the server certificate authenticates the server, once TLS is up. Part of {@link TlsOptions}; the
 * relay picks one per destination policy (Postfix's {@code smtp_tls_security_level}): {@code verify} and
 * {@code mta-sts} are {@link #pkix()} with the MX host name, {@code encrypt} is {@link #none()}, {@code dane}
 * is {@link #dane}.
 */
public sealed interface CertificateCheck {

  /** A chain to a trusted CA (or a pin) and the host name (RFC 6125). The default. */
  static CertificateCheck pkix() {
    return new Pkix();
  }

  /**
   * Any certificate: TLS encrypts against passive listeners but does not authenticate the server (RFC 7435).
   * The evidence still says whether the chain and name would have passed.
   */
  static CertificateCheck none() {
    return new None();
  }

  /**
   * DANE for SMTP (RFC 7672) with the TLSA records found, DNSSEC-validated, for the server.
   *
   * @param records the TLSA records of {@code _port._tcp.<baseDomain>}; when none is usable the check is
   *     {@link #none()} (RFC 7672 §2.2: mandatory unauthenticated TLS)
   * @param baseDomain the TLSA base domain (the MX host name, after secure CNAME expansion): sent as SNI
   *     (RFC 7672 §8.1) and the first reference identifier for DANE-TA
   * @param otherNames further names a DANE-TA leaf may match (RFC 7672 §3.2.3: the MX host name before CNAME
   *     expansion; optionally the next-hop domain)
   */
  static CertificateCheck dane(List<TlsaAssociation> records, String baseDomain, String... otherNames) {
    return new Dane(records, baseDomain, List.of(otherNames));
  }

  record Pkix() implements CertificateCheck {}

  record None() implements CertificateCheck {}

  record Dane(List<TlsaAssociation> records, String baseDomain, List<String> otherNames) implements CertificateCheck {

    public Dane {
      records = List.copyOf(records);
      Objects.requireNonNull(baseDomain, "baseDomain");
      otherNames = List.copyOf(otherNames);
      if (records.isEmpty()) {
        throw new IllegalArgumentException("DANE needs at least one TLSA record for " + baseDomain
            + "; without TLSA records the destination is not a DANE destination");
      }
      if (baseDomain.isBlank() || baseDomain.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
        throw new IllegalArgumentException("invalid TLSA base domain: '" + baseDomain + "'");
      }
    }

    /** The records SMTP may use (RFC 7672 §3.1.3), in the order given. */
    public List<TlsaAssociation> usableRecords() {
      return records.stream().filter(TlsaAssociation::usable).toList();
    }

    /** False when every record is unusable: then TLS is required but not authenticated (RFC 7672 §2.2). */
    public boolean authenticates() {
      return !usableRecords().isEmpty();
    }

    /** The base domain, then the other names: what a DANE-TA leaf certificate must match one of. */
    public List<String> referenceIdentifiers() {
      List<String> names = new ArrayList<>();
      names.add(baseDomain);
      names.addAll(otherNames);
      return names;
    }
  }
}
