package dev.sealpost.client;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Where to deliver: the host name the certificate must be valid for, the port, and optionally the address
 * to connect to (a relay resolves MX records itself and passes the address; the name stays the MX name).
 */
public record Destination(String host, int port, Optional<InetAddress> address) {

  public Destination {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(address, "address");
    if (host.isBlank() || host.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("invalid host name: '" + host + "'");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535: " + port);
    }
  }

  public static Destination of(String host, int port) {
    return new Destination(host, port, Optional.empty());
  }

  /** Connect to {@code address} but verify the certificate for {@link #host()}. */
  public Destination at(InetAddress address) {
    return new Destination(host, port, Optional.of(address));
  }

  @Override
  public String toString() {
    return host + ":" + port + address.map(a -> " (" + a.getHostAddress() + ")").orElse("");
  }
}
