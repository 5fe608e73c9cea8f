package dev.sealpost.server.outbound.mtasts;

import dev.sealpost.server.outbound.PolicySyntaxException;
import dev.sealpost.tls.HostnameMatcher;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An {@code mx} pattern of an MTA-STS policy (RFC 8461 §3.2, §4.1): a host name, or {@code *.}
 * followed by one, where the wildcard stands for exactly one left-most label.
 *
 * @param pattern lower case, without a trailing dot
 */
public record MxPattern(String pattern) {

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  public MxPattern {
    String host = pattern.startsWith("*.") ? pattern.substring(2) : pattern;
    if (!isHostName(host) || pattern.length() > 253) {
      throw new PolicySyntaxException("not an MX host name or *.-pattern: '" + pattern + "'");
    }
  }

  /** Parses a policy's {@code mx} value; case and a trailing dot are not significant. */
  public static MxPattern parse(String value) {
    String p = value.toLowerCase(Locale.ROOT);
    return new MxPattern(p.endsWith(".") ? p.substring(0, p.length() - 1) : p);
  }

  public boolean isWildcard() {
    return pattern.startsWith("*.");
  }

  /**
   * RFC 8461 §4.1: the MX host equals the pattern, or the pattern is {@code *.suffix} and the host is
   * one label followed by {@code .suffix}. Case-insensitive; a trailing dot is ignored.
   */
  public boolean matches(String mxHost) {
    String host = mxHost.toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    // The same rule as RFC 6125's left-most-label wildcard, which HostnameMatcher implements.
    return HostnameMatcher.matchesDns(pattern, host);
  }

  private static boolean isHostName(String host) {
    String[] labels = host.split("\\.", -1);
    if (labels.length < 2) {
      return false; // an MX in a public suffix alone makes no sense, and "*.com" must not pass
    }
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }
}
