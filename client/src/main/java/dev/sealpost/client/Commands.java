package dev.sealpost.client;

import java.util.Locale;

/** Small helpers for command lines. */
final class Commands {
  private Commands() {}

  /** The command verb with its keyword, for messages: "MAIL FROM", "RCPT TO", "EHLO". */
  static String verb(String line) {
    String upper = line.toUpperCase(Locale.ROOT);
    if (upper.startsWith("MAIL FROM")) {
      return "MAIL FROM";
    }
    if (upper.startsWith("RCPT TO")) {
      return "RCPT TO";
    }
    int space = upper.indexOf(' ');
    return space < 0 ? upper : upper.substring(0, space);
  }
}
