package dev.sealpost.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A server reply (RFC 5321 §4.2): a three-digit code, the RFC 3463 enhanced status code that RFC 2034
 * puts at the start of every line, and one or more lines of text. Only the greeting and the EHLO/HELO
 * replies go without a status ({@link #withoutStatus}). Text never holds CR, LF, NUL or other controls, so
 * a reply can never inject a line into the stream.
 */
public record SmtpReply(int code, Optional<EnhancedStatus> status, List<String> lines) {

  public SmtpReply {
    Objects.requireNonNull(status, "status");
    if (code < 200 || code > 599) {
      throw new IllegalArgumentException("Reply code must be 200..599: " + code);
    }
    lines = List.copyOf(lines);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("Reply " + code + " has no lines");
    }
    for (String line : lines) {
      if (Ascii.hasControl(line)) {
        throw new IllegalArgumentException("Reply text contains CR, LF, NUL or a control: " + Ascii.show(line));
      }
    }
    if (status.isPresent()) {
      int expected = code / 100 == 3 ? 2 : code / 100;
      if (status.get().klass() != expected) {
        throw new IllegalArgumentException("Enhanced status " + status.get() + " does not fit code " + code);
      }
    }
  }

  /** A one-line reply; {@code status} such as {@code "2.0.0"}. */
  public static SmtpReply of(int code, String status, String text) {
    return of(code, EnhancedStatus.parse(status), text);
  }

  public static SmtpReply of(int code, EnhancedStatus status, String text) {
    return new SmtpReply(code, Optional.of(status), List.of(text));
  }

  public static SmtpReply of(int code, String status, List<String> lines) {
    return new SmtpReply(code, Optional.of(EnhancedStatus.parse(status)), lines);
  }

  /** For the greeting and EHLO/HELO replies, which RFC 2034 §3 exempts from the status code. */
  public static SmtpReply withoutStatus(int code, String... lines) {
    return withoutStatus(code, Arrays.asList(lines));
  }

  public static SmtpReply withoutStatus(int code, List<String> lines) {
    return new SmtpReply(code, Optional.empty(), lines);
  }

  /** The reply as sent: {@code "250-2.1.0 first\r\n250 2.1.0 last\r\n"}. */
  public String toWire() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String text = status.map(s -> line.isEmpty() ? s.toString() : s + " " + line).orElse(line);
      boolean last = i == lines.size() - 1;
      b.append(code);
      if (!last) {
        b.append('-');
      } else if (!text.isEmpty()) {
        b.append(' ');
      }
      b.append(text).append("\r\n");
    }
    return b.toString();
  }

  /** {@link #toWire()} in UTF-8 (RFC 6531 §3.7.4 permits UTF-8 text). */
  public byte[] toBytes() {
    return toWire().getBytes(StandardCharsets.UTF_8);
  }

  /** 2xx and 3xx (positive completion and intermediate, RFC 5321 §4.2.1). */
  public boolean isPositive() {
    return code < 400;
  }

  public boolean isTransientFailure() {
    return code / 100 == 4;
  }

  public boolean isPermanentFailure() {
    return code / 100 == 5;
  }
}
