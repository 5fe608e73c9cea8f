package dev.sealpost.dns;

import java.util.Objects;

/**
 * One MX record (RFC 1035 §3.3.9): a mail exchanger for a domain and its preference, lower first.
 *
 * @param preference 0 to 65535; lower values are tried first (RFC 5321 §5.1)
 * @param host the exchanger's name in lower case without the trailing dot, or {@code "."} for the
 *     root, which only a null MX uses
 */
public record MxRecord(int preference, String host) {

  public MxRecord {
    Objects.requireNonNull(host, "host");
    if (preference < 0 || preference > 0xFFFF) {
      throw new IllegalArgumentException("MX preference out of range 0..65535: " + preference);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("MX host is empty; the root is written \".\"");
    }
  }

  /**
   * True for the null MX of RFC 7505 §3: preference 0 and the root as exchanger, saying the
   * domain accepts no mail.
   */
  public boolean isNullMx() {
    return preference == 0 && host.equals(".");
  }
}
