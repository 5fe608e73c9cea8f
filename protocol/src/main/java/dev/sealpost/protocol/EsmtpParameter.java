package dev.sealpost.protocol;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One esmtp-param of RFC 5321 §4.1.2, {@code esmtp-keyword ["=" esmtp-value]}, with the keyword
 * upper-cased. Values may hold UTF-8 (RFC 6531 §3.3).
 */
record EsmtpParameter(String keyword, Optional<String> value) {

  /**
   * Splits the parameters after a path. Refuses, in this order: malformed syntax (501), a keyword not
   * in {@code known} (555, RFC 5321 §4.1.1.11), a repeated keyword (501).
   */
  static List<EsmtpParameter> split(String text, Set<String> known) {
    List<EsmtpParameter> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String word : Ascii.words(text)) {
      int eq = word.indexOf('=');
      String keyword = Ascii.upper(eq < 0 ? word : word.substring(0, eq));
      if (!isKeyword(keyword)) {
        throw new Rejection(501, "5.5.4", "Malformed parameter");
      }
      if (!known.contains(keyword)) {
        throw new Rejection(555, "5.5.4", "Unsupported parameter " + keyword);
      }
      if (!seen.add(keyword)) {
        throw new Rejection(501, "5.5.4", "Duplicate parameter " + keyword);
      }
      Optional<String> value = eq < 0 ? Optional.empty() : Optional.of(word.substring(eq + 1));
      if (value.isPresent() && !isValue(value.get())) {
        throw Rejection.badParameter(keyword);
      }
      out.add(new EsmtpParameter(keyword, value));
    }
    return out;
  }

  /** The value, or 501 when the parameter was given without one. */
  String required() {
    return value.orElseThrow(() -> new Rejection(501, "5.5.4", "Parameter " + keyword + " needs a value"));
  }

  /** 501 unless the parameter was given without a value, as SMTPUTF8 and REQUIRETLS must be. */
  void noValue() {
    if (value.isPresent()) {
      throw new Rejection(501, "5.5.4", "Parameter " + keyword + " takes no value");
    }
  }

  /** esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-"); we also cap the length we echo. */
  private static boolean isKeyword(String s) {
    if (s.isEmpty() || s.length() > 40 || s.charAt(0) == '-') {
      return false;
    }
    return s.chars().allMatch(c -> Ascii.isAlpha(c) || Ascii.isDigit(c) || c == '-');
  }

  /** esmtp-value = 1*(%d33-60 / %d62-126 / UTF8-non-ascii). */
  private static boolean isValue(String s) {
    return !s.isEmpty()
        && s.codePoints().allMatch(c -> (c >= 33 && c <= 126 && c != '=') || LocalPart.isNonAscii(c));
  }
}
