package dev.sealpost.protocol;

import java.util.Objects;

/**
 * An enhanced mail system status code, {@code class.subject.detail} (RFC 3463 §2), which every reply but
 * the greeting and the EHLO/HELO answer carries (RFC 2034 §3).
 *
 * @param klass 2 (success), 4 (persistent transient failure) or 5 (permanent failure)
 * @param subject 0..999
 * @param detail 0..999
 */
public record EnhancedStatus(int klass, int subject, int detail) {

  public EnhancedStatus {
    if (klass != 2 && klass != 4 && klass != 5) {
      throw new IllegalArgumentException("Enhanced status class must be 2, 4 or 5: " + klass);
    }
    if (subject < 0 || subject > 999) {
      throw new IllegalArgumentException("Enhanced status subject must be 0..999: " + subject);
    }
    if (detail < 0 || detail > 999) {
      throw new IllegalArgumentException("Enhanced status detail must be 0..999: " + detail);
    }
  }

  /**
   * Parses {@code "5.7.1"}. Leading zeros ("5.07.1") are refused so that parse and {@link #toString()}
   * are inverses.
   *
   * @throws IllegalArgumentException naming the text when it is not a status code
   */
  public static EnhancedStatus parse(String text) {
    Objects.requireNonNull(text, "text");
    String[] parts = text.split("\\.", -1);
    if (parts.length != 3 || parts[0].length() != 1) {
      throw new IllegalArgumentException("Not an enhanced status code: " + Ascii.show(text));
    }
    try {
      return new EnhancedStatus(number(parts[0], text), number(parts[1], text), number(parts[2], text));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Not an enhanced status code: " + Ascii.show(text) + ": " + e.getMessage());
    }
  }

  private static int number(String part, String text) {
    if (!Ascii.isDigits(part) || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
      throw new IllegalArgumentException("Not an enhanced status code: " + Ascii.show(text));
    }
    return Integer.parseInt(part);
  }

  @Override
  public String toString() {
    return klass + "." + subject + "." + detail;
  }
}
