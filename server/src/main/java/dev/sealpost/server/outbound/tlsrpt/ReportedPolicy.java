package dev.sealpost.server.outbound.tlsrpt;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The policy a session was checked against, as a TLS report names it (RFC 8460 §4.4): results are
 * counted per policy.
 *
 * @param type sts, tlsa or no-policy-found
 * @param policyStrings the policy's text lines (sts) or TLSA records (tlsa); empty for no-policy-found
 * @param policyDomain the recipient domain, lower case
 */
public record ReportedPolicy(PolicyType type, List<String> policyStrings, String policyDomain) {

  public ReportedPolicy {
    Objects.requireNonNull(type, "type");
    policyStrings = List.copyOf(policyStrings);
    policyDomain = policyDomain.toLowerCase(Locale.ROOT);
  }
}
