package dev.sealpost.client;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A SHA-256 fingerprint the server certificate must match, either of the whole certificate (changes at
 * every renewal) or of its SubjectPublicKeyInfo (survives renewals that keep the key, as in HPKP and DANE
 * "3 1 1"). With pins set, a matching certificate is trusted without a CA; dates and host name are still
 * checked.
 */
public record CertificatePin(Kind kind, String sha256Hex) {

  public enum Kind { CERTIFICATE, PUBLIC_KEY }

  public CertificatePin {
    Objects.requireNonNull(kind, "kind");
    sha256Hex = sha256Hex.replace(":", "").toLowerCase(Locale.ROOT);
    if (!sha256Hex.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a SHA-256 fingerprint (64 hex digits): '" + sha256Hex + "'");
    }
  }

  /** Pins the certificate's DER encoding; colons and case are ignored ({@code AB:CD:...} works). */
  public static CertificatePin certificate(String sha256Hex) {
    return new CertificatePin(Kind.CERTIFICATE, sha256Hex);
  }

  /** Pins the SubjectPublicKeyInfo. */
  public static CertificatePin publicKey(String sha256Hex) {
    return new CertificatePin(Kind.PUBLIC_KEY, sha256Hex);
  }

  boolean matches(X509Certificate certificate) {
    return sha256Hex.equals(kind == Kind.CERTIFICATE ? fingerprint(certificate) : publicKeyFingerprint(certificate));
  }

  /** SHA-256 of the DER certificate, lower-case hex. */
  static String fingerprint(X509Certificate certificate) {
    try {
      return sha256(certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("cannot encode certificate " + certificate.getSubjectX500Principal(), e);
    }
  }

  /** SHA-256 of the SubjectPublicKeyInfo, lower-case hex. */
  static String publicKeyFingerprint(X509Certificate certificate) {
    return sha256(certificate.getPublicKey().getEncoded());
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
