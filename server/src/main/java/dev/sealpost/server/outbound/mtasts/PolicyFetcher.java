package dev.sealpost.server.outbound.mtasts;

import java.util.concurrent.CompletionStage;

/**
 * Gets the current MTA-STS policy of a domain (RFC 8461 §3.3). The one production implementation
 * is {@link HttpsPolicyFetcher}; tests and other transports may supply their own.
 *
 * <p>Contract: {@link #fetch} may be called from any thread, concurrently; the stage never
 * completes exceptionally (every failure is a {@link Result.Failed}), completes within the
 * implementation's time limit, and may complete on any thread, so dependent stages must not block
 * an event loop. No caching happens here: that is {@link PolicyCache}'s job.
 */
public interface PolicyFetcher {

  /**
   * Fetches and parses the policy of {@code policyDomain} (lower case, A-labels, no trailing dot).
   */
  CompletionStage<Result> fetch(String policyDomain);

  /** The outcome of one fetch. */
  sealed interface Result {
    record Fetched(StsPolicy policy) implements Result {}

    record Failed(FetchFailure failure) implements Result {}
  }
}
