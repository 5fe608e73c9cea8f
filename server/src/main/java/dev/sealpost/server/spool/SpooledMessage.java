package dev.sealpost.server.spool;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A spool file whose header was read. Holds no open file: each {@link #body()} opens its own stream,
 * so several deliveries can read the same message in turn or at once.
 *
 * @param bodyOffset where the message starts in the file
 * @param bodySize octets of message (the file size less the header)
 */
public record SpooledMessage(Path file, Envelope envelope, long bodyOffset, long bodySize) {

  /** A new stream over the message as received (the bytes after the header); the caller closes it. */
  public InputStream body() {
    try {
      FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
      ch.position(bodyOffset);
      return Channels.newInputStream(ch);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read spool file " + file, e);
    }
  }
}
