package dev.sealpost.client;

import dev.sealpost.protocol.SmtpReply;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads replies from the server with its own buffer, so that the STARTTLS code knows exactly which bytes
 * it has consumed: after the 220 to STARTTLS, whatever is left in the buffer was sent in clear text after
 * that reply (a response injection attempt) and is thrown away with this reader. Lines must end in CRLF
 * and be at most {@link #MAX_LINE} octets.
 */
final class ReplyReader {

  /** RFC 5321 §4.5.3.1.5 allows 512 octets per reply line; we accept four times that. */
  static final int MAX_LINE = 2048;

  private final InputStream in;
  private final byte[] buffer = new byte[8192];
  private int position;
  private int limit;
  private final ReplyAssembler assembler = new ReplyAssembler();

  ReplyReader(InputStream in) {
    this.in = in;
  }

  SmtpReply read() throws IOException {
    while (true) {
      var reply = assembler.accept(readLine());
      if (reply.isPresent()) {
        return reply.get();
      }
    }
  }

  /** Octets received but not yet read as a reply. */
  int buffered() {
    return limit - position;
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    boolean cr = false;
    while (true) {
      if (position == limit) {
        int n = in.read(buffer);
        if (n < 0) {
          throw new EOFException("server closed the connection");
        }
        position = 0;
        limit = n;
      }
      int b = buffer[position++] & 0xff;
      if (cr) {
        if (b != '\n') {
          throw new ProtocolException("bare CR in a reply line: " + Wire.show(text(line)));
        }
        return text(line);
      }
      if (b == '\r') {
        cr = true;
      } else if (b == '\n') {
        throw new ProtocolException("bare LF in a reply line: " + Wire.show(text(line)));
      } else {
        line.write(b);
        if (line.size() > MAX_LINE) {
          throw new ProtocolException("reply line longer than " + MAX_LINE + " octets");
        }
      }
    }
  }

  private static String text(ByteArrayOutputStream line) {
    return line.toString(StandardCharsets.UTF_8);
  }
}
