package dev.sealpost.protocol;

import java.util.List;
import java.util.Optional;

/** {@code AUTH mechanism [initial-response]} of RFC 4954 §4. */
final class AuthCommand {

  private static final String USAGE = "AUTH mechanism [initial-response]";

  private AuthCommand() {}

  static SmtpCommand.Auth parse(String args) {
    List<String> words = Ascii.words(args);
    if (words.isEmpty() || words.size() > 2) {
      throw Rejection.syntax(USAGE);
    }
    String mechanism = Ascii.upper(words.get(0));
    if (!isMechanism(mechanism)) {
      throw Rejection.syntax(USAGE);
    }
    Optional<String> initial = Optional.empty();
    if (words.size() == 2) {
      String response = words.get(1);
      if (!response.equals("=") && !isBase64(response)) {
        // RFC 4954 §4: a response that cannot be BASE64-decoded gets 501 5.5.2.
        throw new Rejection(501, "5.5.2", "Initial response is not valid base64");
      }
      initial = Optional.of(response);
    }
    return new SmtpCommand.Auth(mechanism, initial);
  }

  /** RFC 4422 §3.1: sasl-mech = 1*20mech-char; mech-char = UPPER-ALPHA / DIGIT / "-" / "_". */
  private static boolean isMechanism(String s) {
    if (s.isEmpty() || s.length() > 20) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= 'A' && c <= 'Z') && !Ascii.isDigit(c) && c != '-' && c != '_') {
        return false;
      }
    }
    return true;
  }

  /** RFC 4648 §4 base64 with padding: groups of four, '=' only at the end. */
  static boolean isBase64(String s) {
    if (s.isEmpty() || s.length() % 4 != 0) {
      return false;
    }
    int padding = s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0;
    for (int i = 0; i < s.length() - padding; i++) {
      char c = s.charAt(i);
      if (!Ascii.isAlpha(c) && !Ascii.isDigit(c) && c != '+' && c != '/') {
        return false;
      }
    }
    return true;
  }
}
