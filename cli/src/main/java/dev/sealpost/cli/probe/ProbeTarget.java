package dev.sealpost.cli.probe;

/**
 * What to probe: a host, a port, and how TLS starts there. The role decides which findings are errors:
 * a submission port that lets AUTH happen in clear text is broken, while an MX on port 25 must still
 * accept clear-text mail from servers that cannot do TLS.
 */
public record ProbeTarget(String host, int port, TlsMode mode, Role role, java.net.InetAddress address) {

  /** How TLS starts on the port. */
  public enum TlsMode { IMPLICIT, STARTTLS }

  /** Who the port serves. */
  public enum Role {
    /** Port 25: other mail servers deliver here; TLS is opportunistic. */
    MX,
    /** Ports 465 and 587: users and applications submit here with AUTH; TLS must be required. */
    SUBMISSION
  }

  /** A target reached through the system's resolver. */
  public ProbeTarget(String host, int port, TlsMode mode, Role role) {
    this(host, port, mode, role, null);
  }

  /**
   * {@code mode} may be null: not known yet. {@code address}, when given, is where to connect (an MX
   * host resolved through the probe's own DNS); {@code host} stays the name for SNI and the certificate.
   */
  public ProbeTarget {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("no host to probe");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is out of range 1-65535");
    }
  }

  /**
   * Parses {@code HOST[:PORT]} ({@code [v6]:PORT} for IPv6). Without a port: 465 for implicit TLS,
   * otherwise 25. Without a mode: implicit TLS on 465, STARTTLS on 25 and 587, and on any other port a
   * null mode, which the probe settles by listening for a clear-text greeting.
   */
  public static ProbeTarget parse(String spec, TlsMode forcedMode, Role forcedRole) {
    String host = spec;
    Integer port = null;
    if (spec.startsWith("[")) {
      int end = spec.indexOf(']');
      if (end < 0) {
        throw new IllegalArgumentException("unclosed '[' in " + spec);
      }
      host = spec.substring(1, end);
      String rest = spec.substring(end + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw new IllegalArgumentException("expected :PORT after ] in " + spec);
        }
        port = parsePort(rest.substring(1), spec);
      }
    } else if (spec.indexOf(':') >= 0 && spec.indexOf(':') == spec.lastIndexOf(':')) {
      host = spec.substring(0, spec.indexOf(':'));
      port = parsePort(spec.substring(spec.indexOf(':') + 1), spec);
    }
    if (port == null) {
      port = forcedMode == TlsMode.IMPLICIT ? 465 : 25;
    }
    TlsMode mode = forcedMode != null ? forcedMode
        : port == 465 ? TlsMode.IMPLICIT : port == 25 || port == 587 ? TlsMode.STARTTLS : null;
    Role role = forcedRole != null ? forcedRole : port == 25 ? Role.MX : Role.SUBMISSION;
    return new ProbeTarget(host, port, mode, role);
  }

  private static int parsePort(String s, String spec) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a port number: '" + s + "' in " + spec);
    }
  }

  ProbeTarget withMode(TlsMode m) {
    return new ProbeTarget(host, port, m, role, address);
  }

  @Override
  public String toString() {
    String name = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    return address == null ? name : name + " (" + address.getHostAddress() + ")";
  }
}
