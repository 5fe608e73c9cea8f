package dev.sealpost.protocol;

import java.net.IDN;
import java.util.Objects;

/**
 * A domain name as RFC 5321 §4.1.2 allows it (LDH labels, RFC 1035 lengths), with the IDN forms of
 * RFC 5890: {@code ascii} is the lower-case A-label form used for comparison and DNS, {@code unicode}
 * the U-label form. {@code writtenInUnicode} records that the client used U-labels, which needs SMTPUTF8
 * (RFC 6531 §3.2). Equality looks at {@code ascii} only: both spellings name the same domain.
 */
public record Domain(String ascii, String unicode, boolean writtenInUnicode) implements MailDomain {

  public Domain {
    Objects.requireNonNull(ascii, "ascii");
    Objects.requireNonNull(unicode, "unicode");
    if (!isValidAscii(ascii) || !ascii.equals(Ascii.lower(ascii))) {
      throw new IllegalArgumentException("Not a lower-case A-label domain: " + Ascii.show(ascii));
    }
    if (unicode.isEmpty() || Ascii.hasControl(unicode)) {
      throw new IllegalArgumentException("Not a Unicode domain form: " + Ascii.show(unicode));
    }
  }

  /** A domain written in its A-label form. */
  public Domain(String ascii, String unicode) {
    this(ascii, unicode, false);
  }

  /**
   * Parses a domain written with A-labels or U-labels; U-labels are converted with IDNA (java.net.IDN,
   * STD3 rules).
   *
   * @throws IllegalArgumentException naming the text when it is not a valid domain
   */
  public static Domain parse(String text) {
    Objects.requireNonNull(text, "text");
    boolean unicode = !Ascii.isAscii(text);
    String ascii = text;
    if (unicode) {
      if (text.length() > 255) {
        throw invalid(text);
      }
      try {
        ascii = IDN.toASCII(text, IDN.USE_STD3_ASCII_RULES);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("Not a valid internationalized domain: " + Ascii.show(text), e);
      }
    }
    ascii = Ascii.lower(ascii);
    if (!isValidAscii(ascii)) {
      throw invalid(text);
    }
    return new Domain(ascii, IDN.toUnicode(ascii, IDN.USE_STD3_ASCII_RULES), unicode);
  }

  /**
   * RFC 5321 §4.1.2 Domain = sub-domain *("." sub-domain), sub-domain = Let-dig [Ldh-str]; labels of at
   * most 63 octets, the whole at most 255 (§4.5.3.1.2); and an all-numeric last label is refused
   * (RFC 3696 §2) so that "1.2.3.4" is never mistaken for a host address.
   */
  static boolean isValidAscii(String s) {
    if (s.isEmpty() || s.length() > 255) {
      return false;
    }
    String[] labels = s.split("\\.", -1);
    for (String label : labels) {
      if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
        return false;
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        if (!Ascii.isAlpha(c) && !Ascii.isDigit(c) && c != '-') {
          return false;
        }
      }
    }
    return !Ascii.isDigits(labels[labels.length - 1]);
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("Not a valid domain: " + Ascii.show(text));
  }

  @Override
  public boolean needsSmtpUtf8() {
    return writtenInUnicode;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Domain d && d.ascii.equals(ascii);
  }

  @Override
  public int hashCode() {
    return ascii.hashCode();
  }

  /** The domain as the client wrote it: U-labels if it used them, else the A-label form. */
  @Override
  public String toString() {
    return writtenInUnicode ? unicode : ascii;
  }
}
