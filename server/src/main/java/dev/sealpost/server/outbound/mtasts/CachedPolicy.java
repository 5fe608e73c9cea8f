package dev.sealpost.server.outbound.mtasts;

import java.time.Instant;
import java.util.Objects;

/**
 * A policy as the cache keeps it (RFC 8461 §5.1).
 *
 * @param policyDomain the domain, lower case
 * @param id the TXT record's id when the policy was fetched
 * @param fetched when it was fetched
 * @param policy the policy
 */
public record CachedPolicy(String policyDomain, String id, Instant fetched, StsPolicy policy) {

  public CachedPolicy {
    Objects.requireNonNull(policyDomain, "policyDomain");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(fetched, "fetched");
    Objects.requireNonNull(policy, "policy");
  }

  /** The end of the policy's life: fetched plus max_age. */
  public Instant expires() {
    return fetched.plus(policy.maxAge());
  }

  public boolean validAt(Instant now) {
    return now.isBefore(expires());
  }
}
