package dev.sealpost.dns;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One TLSA record (RFC 6698 §2.1), as DANE for SMTP (RFC 7672) reads it. Trust it only when the
 * {@link DnsResult} that carried it is {@linkplain DnsResult#authenticated() authenticated}.
 *
 * @param usage certificate usage: 2 DANE-TA or 3 DANE-EE are the ones RFC 7672 §3.1 uses
 * @param selector 0 full certificate, 1 SubjectPublicKeyInfo
 * @param matchingType 0 exact, 1 SHA-256, 2 SHA-512
 * @param data the certificate association data (copied in and out)
 */
public record TlsaRecord(int usage, int selector, int matchingType, byte[] data) {

  public TlsaRecord {
    checkOctet("usage", usage);
    checkOctet("selector", selector);
    checkOctet("matchingType", matchingType);
    data = data.clone();
  }

  /**
   * The name TLSA records for a service live at (RFC 6698 §3, RFC 7672 §2.2.3), for example
   * {@code _25._tcp.mx.example.com}.
   */
  public static String ownerName(int port, String host) {
    if (port < 1 || port > 0xFFFF) {
      throw new IllegalArgumentException("port out of range 1..65535: " + port);
    }
    return "_" + port + "._tcp." + host;
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TlsaRecord t && usage == t.usage && selector == t.selector
        && matchingType == t.matchingType && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * usage + selector) + matchingType) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return usage + " " + selector + " " + matchingType + " " + HexFormat.of().formatHex(data);
  }

  private static void checkOctet(String field, int value) {
    if (value < 0 || value > 0xFF) {
      throw new IllegalArgumentException("TLSA " + field + " out of range 0..255: " + value);
    }
  }
}
