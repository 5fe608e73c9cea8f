package dev.sealpost.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the client trusts and which TLS versions it speaks. Default: the JDK's trusted CAs, TLS 1.2 and 1.3,
 * and a {@linkplain CertificateCheck#pkix() PKIX} check of chain and host name.
 *
 * @param trustSystemCas whether the JDK's default trust store is used
 * @param extraTrustAnchors CAs trusted in addition (a private CA, the dev CA)
 * @param pins when not empty, the certificate must match one of these, and no CA is needed
 * @param minimumVersion TLS 1.2 or 1.3
 * @param check how the certificate authenticates the server; with {@link CertificateCheck#none()} and
 *     {@link CertificateCheck#dane DANE} the CAs only tell the evidence whether a CA would have vouched
 */
public record TlsOptions(boolean trustSystemCas, List<X509Certificate> extraTrustAnchors, List<CertificatePin> pins,
    TlsVersion minimumVersion, CertificateCheck check) {

  public TlsOptions {
    extraTrustAnchors = List.copyOf(extraTrustAnchors);
    pins = List.copyOf(pins);
    Objects.requireNonNull(minimumVersion, "minimumVersion");
    Objects.requireNonNull(check, "check");
    if (!(check instanceof CertificateCheck.Pkix) && !pins.isEmpty()) {
      throw new IllegalArgumentException("pins only apply to the PKIX check, not to " + check);
    }
    if (check instanceof CertificateCheck.Pkix && !trustSystemCas && extraTrustAnchors.isEmpty() && pins.isEmpty()) {
      throw new IllegalArgumentException("TLS options trust nothing: keep the system CAs, add a CA or pin a certificate");
    }
  }

  /** With the PKIX check, as before DANE existed. */
  public TlsOptions(boolean trustSystemCas, List<X509Certificate> extraTrustAnchors, List<CertificatePin> pins,
      TlsVersion minimumVersion) {
    this(trustSystemCas, extraTrustAnchors, pins, minimumVersion, CertificateCheck.pkix());
  }

  /** True when a server that passes the check is authenticated (PKIX, or DANE with a usable record). */
  boolean authenticatesServer() {
    return switch (check) {
      case CertificateCheck.Pkix p -> true;
      case CertificateCheck.None n -> false;
      case CertificateCheck.Dane d -> d.authenticates();
    };
  }

  /** These options with another check (the opportunistic mode turns authentication off). */
  TlsOptions withCheck(CertificateCheck other) {
    return new TlsOptions(trustSystemCas, extraTrustAnchors, pins, minimumVersion, other);
  }

  public static TlsOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    private boolean trustSystemCas = true;
    private final List<X509Certificate> extra = new ArrayList<>();
    private final List<CertificatePin> pins = new ArrayList<>();
    private TlsVersion minimum = TlsVersion.TLS_1_2;
    private CertificateCheck check = CertificateCheck.pkix();

    private Builder() {}

    /** Trust the CA certificates in a PEM file in addition to (or, with {@link #withoutSystemCas}, instead of) the JDK's. */
    public Builder trustPem(Path pemFile) {
      try (InputStream in = Files.newInputStream(pemFile)) {
        return trustPem(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read CA bundle " + pemFile + ": " + e.getMessage(), e);
      }
    }

    /** As {@link #trustPem(Path)}, from a stream of one or more PEM certificates. */
    public Builder trustPem(InputStream pem) {
      try {
        var certs = CertificateFactory.getInstance("X.509").generateCertificates(pem);
        if (certs.isEmpty()) {
          throw new IllegalArgumentException("CA bundle holds no certificate");
        }
        certs.forEach(c -> extra.add((X509Certificate) c));
        return this;
      } catch (CertificateException e) {
        throw new IllegalArgumentException("CA bundle is not PEM certificates: " + e.getMessage(), e);
      }
    }

    public Builder trust(X509Certificate ca) {
      extra.add(Objects.requireNonNull(ca, "ca"));
      return this;
    }

    /** Trust only the added CAs and pins, not the JDK's CAs. */
    public Builder withoutSystemCas() {
      trustSystemCas = false;
      return this;
    }

    public Builder pin(CertificatePin pin) {
      pins.add(Objects.requireNonNull(pin, "pin"));
      return this;
    }

    public Builder minimumVersion(TlsVersion version) {
      minimum = Objects.requireNonNull(version, "version");
      return this;
    }

    public Builder tls13Only() {
      return minimumVersion(TlsVersion.TLS_1_3);
    }

    /** How the certificate authenticates the server; default {@link CertificateCheck#pkix()}. */
    public Builder certificateCheck(CertificateCheck value) {
      check = Objects.requireNonNull(value, "check");
      return this;
    }

    /**
     * TLS without authentication ({@code encrypt}): any certificate is accepted. With
     * {@link Security#startTlsRequired()} TLS is still mandatory.
     */
    public Builder noAuthentication() {
      return certificateCheck(CertificateCheck.none());
    }

    /** DANE (RFC 7672): see {@link CertificateCheck#dane}. */
    public Builder dane(List<TlsaAssociation> records, String baseDomain, String... otherNames) {
      return certificateCheck(CertificateCheck.dane(records, baseDomain, otherNames));
    }

    public TlsOptions build() {
      return new TlsOptions(trustSystemCas, extra, pins, minimum, check);
    }
  }
}
