package dev.sealpost.cli.probe;

import java.util.List;
import java.util.Locale;

/** A server reply as the probe saw it. */
record Reply(int code, List<String> lines) {

  Reply {
    lines = List.copyOf(lines);
  }

  boolean positive() {
    return code >= 200 && code < 400;
  }

  /** EHLO keywords, upper-cased, e.g. "STARTTLS", "AUTH PLAIN LOGIN" (first line is the greeting). */
  List<String> extensions() {
    return lines.stream().skip(1).map(l -> l.trim().toUpperCase(Locale.ROOT)).toList();
  }

  /** The extension line starting with {@code keyword}, or null. */
  String extension(String keyword) {
    for (String e : extensions()) {
      if (e.equals(keyword) || e.startsWith(keyword + " ") || e.startsWith(keyword + "=")) {
        return e;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return code + " " + printable(String.join(" / ", lines));
  }

  /** Server text made safe to print: control characters escaped, length bounded. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (b.length() > 300) {
        return b.append("...").toString();
      }
      b.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : c);
    }
    return b.toString();
  }
}
