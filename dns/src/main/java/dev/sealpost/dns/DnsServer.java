package dev.sealpost.dns;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import org.xbill.DNS.Address;

/**
 * A DNS server to send queries to: an IP address and a port. Only IP literals are accepted, since
 * finding the resolver by name would need a resolver.
 *
 * @param address IPv4 or IPv6 address
 * @param port 1 to 65535
 */
public record DnsServer(InetAddress address, int port) {

  /** The DNS port (RFC 1035 §4.2). */
  public static final int DEFAULT_PORT = 53;

  public DnsServer {
    Objects.requireNonNull(address, "address");
    if (port < 1 || port > 0xFFFF) {
      throw new IllegalArgumentException("DNS server port out of range 1..65535: " + port);
    }
  }

  /**
   * Parses {@code HOST:PORT} or {@code HOST} (port 53), where HOST is an IPv4 address or an IPv6
   * address in brackets: {@code 127.0.0.1:5353}, {@code [::1]:53}, {@code [2001:db8::1]}.
   *
   * @throws IllegalArgumentException naming the text when it is not of that form
   */
  public static DnsServer parse(String text) {
    Objects.requireNonNull(text, "text");
    String host;
    String port;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw invalid(text, "no closing ']' after the IPv6 address");
      }
      host = text.substring(1, close);
      String rest = text.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        throw invalid(text, "expected ':PORT' after ']'");
      }
      port = rest.isEmpty() ? null : rest.substring(1);
      return new DnsServer(literal(text, host, Address.IPv6), port(text, port));
    }
    if (text.indexOf(':') != text.lastIndexOf(':')) {
      throw invalid(text, "an IPv6 address goes in brackets, as in [::1]:53");
    }
    int colon = text.indexOf(':');
    host = colon < 0 ? text : text.substring(0, colon);
    port = colon < 0 ? null : text.substring(colon + 1);
    return new DnsServer(literal(text, host, Address.IPv4), port(text, port));
  }

  /** This server as a socket address for dnsjava. */
  public InetSocketAddress socketAddress() {
    return new InetSocketAddress(address, port);
  }

  /** {@code HOST:PORT}, with an IPv6 address in brackets; {@link #parse} reads it back. */
  @Override
  public String toString() {
    String host = address.getHostAddress();
    return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
  }

  private static InetAddress literal(String text, String host, int family) {
    // Address.toByteArray parses the literal only; InetAddress.getByName could query DNS.
    byte[] bytes = host.isEmpty() ? null : Address.toByteArray(host, family);
    if (bytes == null) {
      throw invalid(text, family == Address.IPv6 ? "not an IPv6 address: '" + host + "'"
          : "not an IPv4 address: '" + host + "' (names are not accepted)");
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw invalid(text, e.getMessage());
    }
  }

  private static int port(String text, String port) {
    if (port == null) {
      return DEFAULT_PORT;
    }
    if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw invalid(text, "port is not a number 1..65535: '" + port + "'");
    }
    int value = Integer.parseInt(port);
    if (value < 1 || value > 0xFFFF) {
      throw invalid(text, "port out of range 1..65535: " + value);
    }
    return value;
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException("invalid DNS server '" + text + "': " + why);
  }
}
