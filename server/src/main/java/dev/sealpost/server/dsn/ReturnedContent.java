package dev.sealpost.server.dsn;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The copy of the original message a DSN carries as its third part (RFC 3464 §2, RFC 6522 §3): the whole
 * message as message/rfc822 for RET=FULL when it fits the limit and is valid 8-bit MIME content, else
 * its header section as text/rfc822-headers.
 *
 * @param full true for the whole message, false for the header section
 * @param bytes the content, CRLF line endings, lines of at most 998 octets
 * @param note why headers were returned although RET=FULL asked for the whole message
 */
record ReturnedContent(boolean full, byte[] bytes, Optional<String> note) {

  static final int MAX_LINE = 998;
  /** Header sections beyond this are cut at a line end: no real message needs more. */
  static final int MAX_HEADERS = 256 * 1024;

  /**
   * Reads the original from {@code in}, which holds {@code size} octets.
   *
   * @param wantFull RET=FULL was given
   * @param binary the message came with BODY=BINARYMIME, which message/rfc822 cannot carry over SMTP
   */
  static ReturnedContent read(InputStream in, long size, boolean wantFull, boolean binary, long limit) {
    try {
      if (wantFull && binary) {
        return headers(in, Optional.of("The message was sent as binary MIME, so only its headers are returned."));
      }
      if (wantFull && size > limit) {
        return headers(in, Optional.of("The message is larger than " + limit
            + " octets, so only its headers are returned."));
      }
      if (!wantFull) {
        return headers(in, Optional.empty());
      }
      byte[] all = in.readNBytes((int) Math.min(limit, Integer.MAX_VALUE - 16) + 1);
      if (all.length > limit) {
        return headers(new ByteArrayInputStream(all), Optional.of("The message is larger than " + limit
            + " octets, so only its headers are returned."));
      }
      if (!validLines(all)) {
        return headers(new ByteArrayInputStream(all), Optional.of("The message has lines that"
            + " cannot be sent again as they are, so only its headers are returned."));
      }
      return new ReturnedContent(true, all, Optional.empty());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the original message", e);
    }
  }

  /**
   * The header section up to (not including) the empty line, normalised: bare CR or LF become CRLF, NULs
   * go, over-long lines are cut. Headers are shown, not re-sent, so a changed byte does no harm.
   */
  private static ReturnedContent headers(InputStream in, Optional<String> note) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int total = 0;
    int prev = -1;
    for (int c = in.read(); c >= 0 && total < MAX_HEADERS; c = in.read(), total++) {
      if (c == '\n' && prev == '\r') {
        prev = c;
        continue;
      }
      prev = c;
      if (c == '\r' || c == '\n') {
        if (line.size() == 0) {
          break; // the empty line ending the header section
        }
        line.writeTo(out);
        out.write('\r');
        out.write('\n');
        line.reset();
      } else if (c != 0 && line.size() < MAX_LINE) {
        line.write(c);
      }
    }
    if (line.size() > 0) {
      line.writeTo(out);
      out.write('\r');
      out.write('\n');
    }
    return new ReturnedContent(false, out.toByteArray(), note);
  }

  /** Every line ends in CRLF, has no NUL and is at most 998 octets (RFC 5321 §4.5.3.1.6). */
  private static boolean validLines(byte[] b) {
    int length = 0;
    for (int i = 0; i < b.length; i++) {
      byte c = b[i];
      if (c == '\r') {
        if (i + 1 >= b.length || b[i + 1] != '\n') {
          return false;
        }
        i++;
        length = 0;
      } else if (c == '\n' || c == 0 || ++length > MAX_LINE) {
        return false;
      }
    }
    return length == 0;
  }
}
