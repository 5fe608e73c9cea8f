package dev.sealpost.protocol;

/**
 * Receives message content as it is framed. Called on the connection's event loop: an implementation
 * may write to the page cache but must not fsync or otherwise wait.
 */
@FunctionalInterface
public interface BodySink {
  /** Takes {@code length} octets from {@code bytes} at {@code offset}; the array is reused afterwards. */
  void write(byte[] bytes, int offset, int length);

  /** A sink that drops everything, for transactions already refused. */
  BodySink DISCARD = (bytes, offset, length) -> {};
}
