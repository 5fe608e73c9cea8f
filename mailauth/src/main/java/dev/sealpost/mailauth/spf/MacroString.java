package dev.sealpost.mailauth.spf;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The macro language of RFC 7208 §7: {@code %{s}}, {@code %{d2r}}, {@code %{l-}}, {@code %%}, {@code %_},
 * {@code %-}. The letters c, r and t are allowed only in an explanation (§7.2).
 */
final class MacroString {

  private static final String LETTERS = "slodiphv";
  private static final String EXP_LETTERS = "crt";
  private static final String DELIMITERS = ".-+,/_=";

  private MacroString() {}

  /** Checks the syntax without expanding. */
  static void validate(String text, boolean explanation) throws SpfException {
    expand(text, null, explanation);
  }

  /**
   * Expands {@code text} for {@code context}; with a null context only the syntax is checked.
   *
   * @throws SpfException permerror on a syntax error
   */
  static String expand(String text, MacroContext context, boolean explanation) throws SpfException {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '%') {
        if (c < 0x21 && !(explanation && c == ' ') || c > 0x7e) {
          throw SpfException.permerror("character 0x" + Integer.toHexString(c) + " in macro-string '" + text + "'");
        }
        out.append(c);
        continue;
      }
      if (i + 1 >= text.length()) {
        throw SpfException.permerror("'%' at the end of '" + text + "' (§7.1)");
      }
      char next = text.charAt(++i);
      switch (next) {
        case '%' -> out.append('%');
        case '_' -> out.append(' ');
        case '-' -> out.append("%20");
        case '{' -> {
          int close = text.indexOf('}', i);
          if (close < 0) {
            throw SpfException.permerror("unterminated macro in '" + text + "'");
          }
          out.append(macro(text.substring(i + 1, close), context, explanation, text));
          i = close;
        }
        default -> throw SpfException.permerror("'%" + next + "' in '" + text + "' is not a macro (§7.1)");
      }
    }
    return out.toString();
  }

  /** macro-letter transformers *delimiter, e.g. "d2r" or "l-". */
  private static String macro(String body, MacroContext context, boolean explanation, String text)
      throws SpfException {
    if (body.isEmpty()) {
      throw SpfException.permerror("empty macro in '" + text + "'");
    }
    char letter = body.charAt(0);
    char lower = Character.toLowerCase(letter);
    if (LETTERS.indexOf(lower) < 0 && !(explanation && EXP_LETTERS.indexOf(lower) >= 0)) {
      throw SpfException.permerror("unknown macro letter '" + letter + "' in '" + text + "'");
    }
    int i = 1;
    int digitsStart = i;
    while (i < body.length() && Character.isDigit(body.charAt(i))) {
      i++;
    }
    int keep = -1;
    if (i > digitsStart) {
      String digits = body.substring(digitsStart, i);
      if (digits.length() > 3 || Integer.parseInt(digits) == 0) {
        throw SpfException.permerror("bad digit transformer in '" + text + "' (§7.1)");
      }
      keep = Integer.parseInt(digits);
    }
    boolean reverse = false;
    if (i < body.length() && Character.toLowerCase(body.charAt(i)) == 'r') {
      reverse = true;
      i++;
    }
    String delimiters = body.substring(i);
    for (char d : delimiters.toCharArray()) {
      if (DELIMITERS.indexOf(d) < 0) {
        throw SpfException.permerror("bad delimiter '" + d + "' in '" + text + "'");
      }
    }
    if (context == null) {
      return "";
    }
    String value = context.value(lower);
    List<String> parts = split(value, delimiters.isEmpty() ? "." : delimiters);
    if (reverse) {
      Collections.reverse(parts);
    }
    if (keep > 0 && keep < parts.size()) {
      parts = parts.subList(parts.size() - keep, parts.size());
    }
    String joined = String.join(".", parts);
    if (Character.isUpperCase(letter)) {
      // §7.3: upper-case letters URL-escape the value (spaces as %20, not +).
      joined = URLEncoder.encode(joined, StandardCharsets.UTF_8).replace("+", "%20").replace("%7E", "~");
    }
    return joined;
  }

  private static List<String> split(String value, String delimiters) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (delimiters.indexOf(c) >= 0) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString());
    return parts;
  }

  /** What the macro letters stand for in one check_host() call (§7.2). */
  interface MacroContext {
    /** The value of the lower-case {@code letter}. */
    String value(char letter) throws SpfException;
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
