package dev.sealpost.server.outbound.mtasts;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What MTA-STS asks of a delivery to one recipient domain, as {@link MtaStsPolicies} decides it.
 *
 * <p>For {@link StsMode#ENFORCE}, deliver only to MX hosts {@link #permits permitted} here, and only
 * over TLS with a certificate valid under the Web PKI for the MX host name (RFC 8461 §4.2, §5);
 * otherwise defer. For {@link StsMode#TESTING}, check the same but deliver anyway, and report
 * failures through TLS-RPT. For {@link StsMode#NONE}, MTA-STS does not apply.
 *
 * @param policyDomain the recipient domain
 * @param policy the policy applied; empty when the domain has none (mode NONE)
 * @param failure why a fresh policy could not be had, for TLS-RPT ({@code sts-policy-fetch-error}
 *     and friends), also when a cached policy is used instead
 */
public record EffectivePolicy(String policyDomain, Optional<StsPolicy> policy, Optional<FetchFailure> failure) {

  public EffectivePolicy {
    Objects.requireNonNull(policyDomain, "policyDomain");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(failure, "failure");
  }

  static EffectivePolicy none(String policyDomain, Optional<FetchFailure> failure) {
    return new EffectivePolicy(policyDomain, Optional.empty(), failure);
  }

  public StsMode mode() {
    return policy.map(StsPolicy::mode).orElse(StsMode.NONE);
  }

  public List<MxPattern> mxPatterns() {
    return policy.map(StsPolicy::mx).orElse(List.of());
  }

  /**
   * True when MTA-STS lets mail go to {@code mxHost}: always for mode none (nothing is restricted),
   * otherwise when a pattern matches (RFC 8461 §4.1). For testing, a false is reported, not obeyed.
   */
  public boolean permits(String mxHost) {
    return mode() == StsMode.NONE || policy.orElseThrow().permits(mxHost);
  }
}
