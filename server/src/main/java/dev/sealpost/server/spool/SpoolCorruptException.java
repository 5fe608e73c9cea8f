package dev.sealpost.server.spool;

import java.nio.file.Path;

/** A spool file whose header cannot be trusted: bad magic, length out of bounds, or invalid envelope JSON. */
public final class SpoolCorruptException extends RuntimeException {

  public SpoolCorruptException(Path file, String reason) {
    super("corrupt spool file " + file + ": " + reason);
  }

  public SpoolCorruptException(Path file, String reason, Throwable cause) {
    super("corrupt spool file " + file + ": " + reason, cause);
  }
}
