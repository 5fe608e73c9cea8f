package dev.sealpost.cli.probe;

import dev.sealpost.cli.probe.DomainProbe.MxHost;
import dev.sealpost.server.outbound.mtasts.FetchFailure;
import dev.sealpost.server.outbound.mtasts.MxPattern;
import dev.sealpost.server.outbound.mtasts.PolicyFetcher;
import dev.sealpost.server.outbound.mtasts.StsMode;
import dev.sealpost.server.outbound.mtasts.StsPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges a fetched MTA-STS policy (RFC 8461) against the domain's MX hosts as a sender applies it:
 * the mode, max_age, whether each MX host matches an {@code mx} pattern and, under enforce, whether
 * each matching host's certificate would pass the sender's check (RFC 8461 §4.2).
 */
final class MtaStsCheck {

  /** RFC 8461 §3.2 suggests weeks; under a day a sender refetches constantly and an outage drops the policy. */
  static final Duration SHORT_MAX_AGE = Duration.ofDays(1);

  private MtaStsCheck() {}

  /** Adds the findings for {@code result}; returns {@code hosts}, their reports adjusted under enforce. */
  static List<MxHost> judge(String domain, PolicyFetcher.Result result, List<MxHost> hosts, List<Finding> findings) {
    return switch (result) {
      case PolicyFetcher.Result.Failed f -> {
        findings.add(fetchFailed(domain, f.failure()));
        yield hosts;
      }
      case PolicyFetcher.Result.Fetched f -> judge(f.policy(), hosts, findings);
    };
  }

  /*
   * Every kind of failure is an error, whether the certificate, the HTTP answer or the connection is
   * at fault: a sender that cannot fetch the policy and holds no cached one delivers "as though the
   * domain has not implemented MTA-STS" (RFC 8461 §3.3), so the published record protects nothing.
   * A refused connection or a timeout may lie on the probe's side; the detail names the address.
   */
  private static Finding fetchFailed(String domain, FetchFailure failure) {
    return Finding.error("mta-sts-fetch-failed", "the MTA-STS policy cannot be fetched ("
        + failure.resultType().wireName() + "): " + failure.detail() + "; senders without a cached policy treat "
        + domain + " as having none (RFC 8461 §3.3)");
  }

  private static List<MxHost> judge(StsPolicy policy, List<MxHost> hosts, List<Finding> findings) {
    boolean enforce = policy.mode() == StsMode.ENFORCE;
    switch (policy.mode()) {
      case NONE -> {
        findings.add(Finding.info("mta-sts-mode-none", "the MTA-STS policy has mode none: senders forget any"
            + " earlier policy and nothing is enforced (RFC 8461 §5)"));
        return hosts;
      }
      case TESTING -> findings.add(Finding.warning("mta-sts-testing", "the MTA-STS policy has mode testing:"
          + " senders report failures (TLS-RPT) but deliver anyway, so TLS is not enforced"));
      case ENFORCE -> findings.add(Finding.ok("mta-sts-enforce", "the MTA-STS policy has mode enforce: senders"
          + " deliver only to its MX hosts, over TLS with a valid certificate"));
    }
    if (policy.maxAge().compareTo(SHORT_MAX_AGE) < 0) {
      findings.add(Finding.warning("mta-sts-max-age-short", "max_age is " + policy.maxAge().toSeconds()
          + " s: senders forget the policy within a day; RFC 8461 §3.2 recommends weeks (e.g. 604800 or more)"));
    }
    String patterns = String.join(", ", policy.mx().stream().map(MxPattern::pattern).toList());
    List<MxHost> judged = new ArrayList<>();
    for (MxHost h : hosts) {
      if (policy.permits(h.host())) {
        judged.add(enforce ? enforced(h) : h);
        continue;
      }
      String summary = "MX host " + h.host() + " matches no mx pattern of the MTA-STS policy (" + patterns + ")";
      findings.add(enforce
          ? Finding.error("mta-sts-mx-not-covered", summary + ": senders will refuse to deliver there")
          : Finding.warning("mta-sts-mx-not-covered", summary + ": under enforce, senders would refuse to"
              + " deliver there"));
      judged.add(h);
    }
    if (!hosts.isEmpty() && hosts.stream().allMatch(h -> policy.permits(h.host()))) {
      findings.add(Finding.ok("mta-sts-mx-covered", "every MX host matches the policy's mx patterns ("
          + patterns + ")"));
    }
    return judged;
  }

  /**
   * A covered MX under enforce: the certificate failures an opportunistic sender shrugs off (and the MX
   * probe reports as warnings) make an MTA-STS sender defer (RFC 8461 §4.2, §5), so they are errors.
   */
  private static MxHost enforced(MxHost h) {
    if (h.report() == null || h.report().certificate() == null) {
      return h;
    }
    List<Finding> findings = h.report().findings().stream().map(f -> {
      if (!CertificateAssessment.AUTHENTICATION_FAILURES.contains(f.id())) {
        return f;
      }
      String original = h.report().certificate().findings().stream().filter(c -> c.id().equals(f.id()))
          .map(Finding::summary).findFirst().orElse(f.summary());
      return Finding.error(f.id(), original + "; the MTA-STS policy is enforce, so its senders will refuse to"
          + " deliver to " + h.host());
    }).toList();
    return new MxHost(h.host(), h.preference(), h.addresses(), h.tlsa(), h.report().withFindings(findings));
  }
}
