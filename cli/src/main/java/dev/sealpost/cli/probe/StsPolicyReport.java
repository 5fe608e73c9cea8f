package dev.sealpost.cli.probe;

import dev.sealpost.server.outbound.mtasts.FetchFailure;
import dev.sealpost.server.outbound.mtasts.MxPattern;
import dev.sealpost.server.outbound.mtasts.PolicyFetcher;
import dev.sealpost.server.outbound.mtasts.StsPolicy;
import java.util.List;

/**
 * The MTA-STS policy as the probe fetched it (RFC 8461 §3.2); also the {@code --json} shape. When the
 * fetch failed, {@code mode} and {@code maxAgeSeconds} are null, {@code mx} is empty and
 * {@code fetchError} says why; otherwise {@code fetchError} is null.
 */
public record StsPolicyReport(String mode, Long maxAgeSeconds, List<String> mx, FetchError fetchError) {

  /** Why the policy could not be had; {@code resultType} is the RFC 8460 §4.3.2 value senders report. */
  public record FetchError(String resultType, String kind, String detail) {}

  public StsPolicyReport {
    mx = List.copyOf(mx);
  }

  static StsPolicyReport of(PolicyFetcher.Result result) {
    return switch (result) {
      case PolicyFetcher.Result.Fetched f -> of(f.policy());
      case PolicyFetcher.Result.Failed f -> of(f.failure());
    };
  }

  private static StsPolicyReport of(StsPolicy p) {
    return new StsPolicyReport(p.mode().wireName(), p.maxAge().toSeconds(),
        p.mx().stream().map(MxPattern::pattern).toList(), null);
  }

  private static StsPolicyReport of(FetchFailure f) {
    return new StsPolicyReport(null, null, List.of(),
        new FetchError(f.resultType().wireName(), f.kind().name(), f.detail()));
  }

  /** One line for people: the mode, max_age and patterns, or why there is no policy. */
  String describe() {
    if (fetchError != null) {
      return "not fetched (" + fetchError.resultType() + "): " + fetchError.detail();
    }
    return "mode " + mode + ", max_age " + maxAgeSeconds + " s" + (mx.isEmpty() ? "" : ", mx " + String.join(", ", mx));
  }
}
