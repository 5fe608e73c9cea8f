package dev.sealpost.mailauth.dkim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a message's header block into memory (bounded) and leaves the body to be streamed, so that a
 * large body is hashed as it is read and never held whole.
 */
final class MessageReader {

  static final int MAX_HEADER = 1 << 20;

  /** The header bytes (through the empty line), the body octets already read, and the rest of the stream. */
  record Split(byte[] header, byte[] bodyStart, InputStream rest) {}

  private MessageReader() {}

  static Split split(InputStream in) throws IOException {
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    byte[] last = new byte[4];
    int seen = 0;
    while (true) {
      int n = in.read(buf);
      if (n < 0) {
        return new Split(header.toByteArray(), new byte[0], InputStream.nullInputStream());
      }
      for (int i = 0; i < n; i++) {
        byte c = buf[i];
        header.write(c);
        System.arraycopy(last, 1, last, 0, 3);
        last[3] = c;
        seen++;
        boolean end = (seen >= 4 && last[0] == '\r' && last[1] == '\n' && last[2] == '\r' && last[3] == '\n')
            || (seen >= 2 && last[2] == '\n' && last[3] == '\n')
            || (seen == 2 && last[2] == '\r' && last[3] == '\n'); // no header fields at all
        if (end) {
          return new Split(header.toByteArray(), Arrays.copyOfRange(buf, i + 1, n), in);
        }
        if (seen > MAX_HEADER) {
          throw new IOException("header block larger than " + MAX_HEADER + " octets");
        }
      }
    }
  }
}
