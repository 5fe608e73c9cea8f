package dev.sealpost.server.outbound.tlsrpt;

import java.util.List;
import java.util.Map;

/**
 * What the recorder counted for one policy on one day: one {@code policies[]} entry of a report.
 *
 * @param policy the policy
 * @param mxHosts the MX hosts (or, for sts, the patterns) recorded with it, sorted
 * @param successfulSessions sessions that negotiated TLS as the policy asks
 * @param failures failed sessions per kind of failure, in the order first seen
 */
public record PolicyResults(ReportedPolicy policy, List<String> mxHosts, long successfulSessions,
    Map<FailureDetail, Long> failures) {

  public PolicyResults {
    mxHosts = List.copyOf(mxHosts);
    failures = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(failures));
  }

  public long failedSessions() {
    return failures.values().stream().mapToLong(Long::longValue).sum();
  }
}
