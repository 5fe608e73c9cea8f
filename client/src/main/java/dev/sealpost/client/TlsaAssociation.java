package dev.sealpost.client;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * One TLSA record's certificate association (RFC 6698 §2.1), as DANE for SMTP uses it (RFC 7672 §3.1).
 * The same shape as the dns module's {@code TlsaRecord}, which this module does not depend on: the relay
 * copies the fields of records from a DNSSEC-authenticated answer, and nothing else.
 *
 * @param usage 2 DANE-TA or 3 DANE-EE are usable; 0 PKIX-TA and 1 PKIX-EE are not for SMTP (RFC 7672 §3.1.3)
 * @param selector 0 full certificate, 1 SubjectPublicKeyInfo
 * @param matchingType 0 exact, 1 SHA-256, 2 SHA-512
 * @param data the certificate association data (copied in and out)
 */
public record TlsaAssociation(int usage, int selector, int matchingType, byte[] data) {

  public static final int DANE_TA = 2;
  public static final int DANE_EE = 3;

  public TlsaAssociation {
    octet("usage", usage);
    octet("selector", selector);
    octet("matchingType", matchingType);
    data = data.clone();
  }

  /** From presentation form values, e.g. {@code of(3, 1, 1, "2bb1...")}; colons and spaces in the hex are ignored. */
  public static TlsaAssociation of(int usage, int selector, int matchingType, String hex) {
    String digits = hex.replaceAll("[:\\s]", "").toLowerCase(Locale.ROOT);
    try {
      return new TlsaAssociation(usage, selector, matchingType, HexFormat.of().parseHex(digits));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("TLSA data is not hex: '" + hex + "'", e);
    }
  }

  /**
   * Whether SMTP may use this record (RFC 7672 §3.1.3): DANE-TA or DANE-EE, a known selector and matching
   * type, and a digest of the right length (RFC 7671 §5: malformed records are unusable).
   */
  public boolean usable() {
    boolean knownUsage = usage == DANE_TA || usage == DANE_EE;
    boolean knownSelector = selector == 0 || selector == 1;
    boolean wellFormed = switch (matchingType) {
      case 0 -> data.length > 0;
      case 1 -> data.length == 32;
      case 2 -> data.length == 64;
      default -> false;
    };
    return knownUsage && knownSelector && wellFormed;
  }

  /** True when {@code certificate}, as this record selects and digests it, equals the data. */
  boolean matches(X509Certificate certificate) {
    byte[] selected;
    try {
      selected = selector == 0 ? certificate.getEncoded() : certificate.getPublicKey().getEncoded();
    } catch (CertificateEncodingException e) {
      return false;
    }
    byte[] value = switch (matchingType) {
      case 0 -> selected;
      case 1 -> digest("SHA-256", selected);
      case 2 -> digest("SHA-512", selected);
      default -> null;
    };
    return value != null && MessageDigest.isEqual(value, data);
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TlsaAssociation t && usage == t.usage && selector == t.selector
        && matchingType == t.matchingType && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * usage + selector) + matchingType) + Arrays.hashCode(data);
  }

  /** RFC 7218 mnemonics and the numbers, e.g. {@code DANE-EE(3) SPKI(1) SHA2-256(1) 2bb1...}. */
  @Override
  public String toString() {
    String u = switch (usage) {
      case 0 -> "PKIX-TA";
      case 1 -> "PKIX-EE";
      case 2 -> "DANE-TA";
      case 3 -> "DANE-EE";
      default -> "usage";
    };
    String s = switch (selector) {
      case 0 -> "Cert";
      case 1 -> "SPKI";
      default -> "selector";
    };
    String m = switch (matchingType) {
      case 0 -> "Full";
      case 1 -> "SHA2-256";
      case 2 -> "SHA2-512";
      default -> "matching";
    };
    return u + "(" + usage + ") " + s + "(" + selector + ") " + m + "(" + matchingType + ") "
        + HexFormat.of().formatHex(data);
  }

  private static byte[] digest(String algorithm, byte[] bytes) {
    try {
      return MessageDigest.getInstance(algorithm).digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this JDK", e);
    }
  }

  private static void octet(String field, int value) {
    if (value < 0 || value > 0xFF) {
      throw new IllegalArgumentException("TLSA " + field + " out of range 0..255: " + value);
    }
  }
}
