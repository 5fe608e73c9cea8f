package dev.sealpost.server.outbound.mtasts;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A parsed MTA-STS policy (RFC 8461 §3.2). Made by {@link StsPolicyParser#parse}.
 *
 * @param mode what the sender must do with it
 * @param mx the permitted MX patterns; empty only for mode none
 * @param maxAge how long the policy may be cached, 0 to {@link StsPolicyParser#MAX_AGE_LIMIT}
 * @param text the policy file as fetched, kept for the cache and TLS-RPT's policy-string
 */
public record StsPolicy(StsMode mode, List<MxPattern> mx, Duration maxAge, String text) {

  public StsPolicy {
    Objects.requireNonNull(mode, "mode");
    mx = List.copyOf(mx);
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(text, "text");
  }

  /** True when {@code mxHost} matches one of the policy's patterns (RFC 8461 §4.1). */
  public boolean permits(String mxHost) {
    return mx.stream().anyMatch(p -> p.matches(mxHost));
  }

  /** The policy's lines without line endings, as TLS-RPT's {@code policy-string} (RFC 8460 §4.4). */
  public List<String> policyStrings() {
    return text.lines().filter(line -> !line.isBlank()).toList();
  }
}
