package dev.sealpost.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * ASCII-only character helpers. SMTP keywords are case-insensitive in ASCII only (RFC 5234 §2.3), so we
 * never use {@link String#toUpperCase()}: it maps U+0131 to 'I' and U+017F to 'S', which would let
 * "ſTARTTLS" or "MAıL" pass for a known verb.
 */
final class Ascii {

  private Ascii() {}

  static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  static boolean isAlpha(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isHex(int c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static String upper(String s) {
    char[] out = s.toCharArray();
    for (int i = 0; i < out.length; i++) {
      if (out[i] >= 'a' && out[i] <= 'z') {
        out[i] -= 'a' - 'A';
      }
    }
    return new String(out);
  }

  static String lower(String s) {
    char[] out = s.toCharArray();
    for (int i = 0; i < out.length; i++) {
      if (out[i] >= 'A' && out[i] <= 'Z') {
        out[i] += 'a' - 'A';
      }
    }
    return new String(out);
  }

  static boolean equalsIgnoreCase(String a, String b) {
    return a.length() == b.length() && upper(a).equals(upper(b));
  }

  static boolean startsWithIgnoreCase(String s, String prefix) {
    return s.length() >= prefix.length() && equalsIgnoreCase(s.substring(0, prefix.length()), prefix);
  }

  /** Words separated by one or more spaces (SP only: a TAB is not an SMTP separator). */
  static List<String> words(String s) {
    List<String> words = new ArrayList<>();
    for (String w : s.split(" ")) {
      if (!w.isEmpty()) {
        words.add(w);
      }
    }
    return words;
  }

  /** True for C0 controls other than HT, and DEL: never allowed in text we store or send. */
  static boolean isControl(int c) {
    return (c < 0x20 && c != '\t') || c == 0x7f;
  }

  static boolean hasControl(String s) {
    return s.chars().anyMatch(Ascii::isControl);
  }

  /** The value quoted with its controls made visible, for exception messages. */
  static String show(String s) {
    StringBuilder b = new StringBuilder("'");
    for (int i = 0; i < s.length() && i < 200; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\x%02X", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append(s.length() > 200 ? "...'" : "'").toString();
  }
}
