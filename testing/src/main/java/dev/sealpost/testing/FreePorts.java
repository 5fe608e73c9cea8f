package dev.sealpost.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on loopback, for peers that must be told their port before they start. */
public final class FreePorts {
  private FreePorts() {}

  /** A port that was free a moment ago on 127.0.0.1 (a race with other processes remains possible). */
  public static int one() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
