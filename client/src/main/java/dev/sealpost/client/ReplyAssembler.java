package dev.sealpost.client;

import dev.sealpost.protocol.EnhancedStatus;
import dev.sealpost.protocol.SmtpReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds replies from lines (without CRLF), strictly as RFC 5321 §4.2 writes them: three digits 2xx-5xx,
 * then '-' on every line but the last and ' ' (or nothing) on the last, the same code throughout. The
 * enhanced status code of RFC 2034 is taken from the first line when it fits the reply's class and
 * stripped from the lines that carry it. No I/O; anything else is a {@link ProtocolException}.
 */
final class ReplyAssembler {

  /** An EHLO reply has one line per extension; no server sends a hundred. */
  static final int MAX_LINES = 100;

  private int code = -1;
  private final List<String> texts = new ArrayList<>();

  /** Adds one line; returns the reply when this line completed it. */
  Optional<SmtpReply> accept(String line) {
    if (line.length() < 3 || !digit(line.charAt(0)) || !digit(line.charAt(1)) || !digit(line.charAt(2))) {
      throw malformed("reply line does not start with a three-digit code", line);
    }
    int lineCode = Integer.parseInt(line, 0, 3, 10);
    if (lineCode < 200 || lineCode > 599) {
      throw malformed("reply code out of range 200-599", line);
    }
    if (code >= 0 && lineCode != code) {
      throw malformed("reply code changed within a multi-line reply (" + code + ")", line);
    }
    boolean last = line.length() == 3 || line.charAt(3) == ' ';
    if (!last && line.charAt(3) != '-') {
      throw malformed("reply code not followed by ' ' or '-'", line);
    }
    String text = line.length() > 4 ? line.substring(4) : "";
    if (text.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
      throw malformed("control character in reply text", line);
    }
    code = lineCode;
    texts.add(text);
    if (texts.size() > MAX_LINES) {
      throw new ProtocolException("reply has more than " + MAX_LINES + " lines");
    }
    if (!last) {
      return Optional.empty();
    }
    SmtpReply reply = build(code, texts);
    code = -1;
    texts.clear();
    return Optional.of(reply);
  }

  /** True when a multi-line reply has started and not ended. */
  boolean inProgress() {
    return code >= 0;
  }

  private static SmtpReply build(int code, List<String> texts) {
    Optional<EnhancedStatus> status = status(code, texts.getFirst());
    if (status.isEmpty()) {
      return new SmtpReply(code, Optional.empty(), texts);
    }
    String prefix = status.get().toString();
    List<String> lines = new ArrayList<>();
    for (String t : texts) {
      if (t.equals(prefix)) {
        lines.add("");
      } else if (t.startsWith(prefix + " ")) {
        lines.add(t.substring(prefix.length() + 1));
      } else {
        lines.add(t);
      }
    }
    return new SmtpReply(code, status, lines);
  }

  private static Optional<EnhancedStatus> status(int code, String text) {
    int end = text.indexOf(' ');
    String candidate = end < 0 ? text : text.substring(0, end);
    if (candidate.length() < 5 || !digit(candidate.charAt(0)) || candidate.charAt(1) != '.') {
      return Optional.empty();
    }
    try {
      EnhancedStatus s = EnhancedStatus.parse(candidate);
      int expected = code / 100 == 3 ? 2 : code / 100;
      return s.klass() == expected ? Optional.of(s) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  private static ProtocolException malformed(String why, String line) {
    return new ProtocolException("malformed reply from server: " + why + ": " + Wire.show(line));
  }
}
