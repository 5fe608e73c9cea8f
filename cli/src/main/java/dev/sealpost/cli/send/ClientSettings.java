package dev.sealpost.cli.send;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where and how {@code send} and {@code sendmail} reach their server, gathered from options, a
 * settings file or an env file. The password is held as characters and never printed.
 */
public record ClientSettings(String host, int port, TlsChoice tls, String user, char[] password, List<Path> caFiles,
    Duration timeout, String heloName, String defaultFrom) {

  /** The three ways to reach a server, named as on the command line. */
  public enum TlsChoice {
    IMPLICIT("implicit", 465), STARTTLS("starttls", 587), NONE_INSECURE("none-insecure", 25);

    public final String word;
    public final int defaultPort;

    TlsChoice(String word, int defaultPort) {
      this.word = word;
      this.defaultPort = defaultPort;
    }

    /** @throws IllegalArgumentException naming the accepted words */
    public static TlsChoice parse(String s) {
      for (TlsChoice c : values()) {
        if (c.word.equalsIgnoreCase(s)) {
          return c;
        }
      }
      throw new IllegalArgumentException("TLS mode must be implicit, starttls or none-insecure, not '" + s + "'");
    }
  }

  public ClientSettings {
    caFiles = List.copyOf(caFiles);
  }

  @Override
  public String toString() { // never the password, not even by accident in a log line
    return "ClientSettings[" + host + ":" + port + " " + tls.word + " user=" + user + "]";
  }

  /** Splits {@code HOST[:PORT]} ({@code [v6]:PORT}); the port defaults to the TLS mode's. */
  public static HostPort hostPort(String spec, TlsChoice tls) {
    String host = spec;
    int port = tls.defaultPort;
    if (spec.startsWith("[")) {
      int end = spec.indexOf(']');
      if (end < 0) {
        throw new IllegalArgumentException("unclosed '[' in server " + spec);
      }
      host = spec.substring(1, end);
      if (spec.length() > end + 1) {
        if (spec.charAt(end + 1) != ':') {
          throw new IllegalArgumentException("expected :PORT after ] in server " + spec);
        }
        port = port(spec.substring(end + 2), spec);
      }
    } else if (spec.indexOf(':') >= 0 && spec.indexOf(':') == spec.lastIndexOf(':')) {
      host = spec.substring(0, spec.indexOf(':'));
      port = port(spec.substring(spec.indexOf(':') + 1), spec);
    }
    if (host.isBlank()) {
      throw new IllegalArgumentException("no host in server " + spec);
    }
    return new HostPort(host, port);
  }

  /** A parsed server address. */
  public record HostPort(String host, int port) {}

  private static int port(String s, String spec) {
    try {
      int p = Integer.parseInt(s);
      if (p < 1 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a port number: '" + s + "' in server " + spec);
    }
  }
}
