package dev.sealpost.client;

/** Showing untrusted text from the wire in exception messages and transcripts. */
final class Wire {
  private Wire() {}

  /** Quoted, controls as \xNN, cut at 200 characters. */
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

  /** True when {@code s} holds CR, LF or NUL: refused in anything the caller puts into a command or header. */
  static boolean hasLineBreakOrNul(String s) {
    return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\0') >= 0;
  }

  static String requireSingleLine(String what, String value) {
    if (hasLineBreakOrNul(value)) {
      throw new IllegalArgumentException(what + " contains CR, LF or NUL: " + show(value));
    }
    return value;
  }
}
