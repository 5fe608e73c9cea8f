package dev.sealpost.dns;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import dev.sealpost.testing.FakeDnsServer;

/** Test helpers: a resolver pointed at a FakeDnsServer, a clock tests move by hand, waiting for results. */
final class Lookups {

  private Lookups() {}

  static DnsjavaResolver.Builder resolverFor(FakeDnsServer dns) {
    return DnsjavaResolver.builder()
        .servers(DnsServer.parse(dns.address()))
        .timeout(Duration.ofMillis(500))
        .retries(0);
  }

  /** Waits for a result; the bound only guards against a hang, no test measures time with it. */
  static <T> DnsResult<T> await(CompletionStage<DnsResult<T>> stage) {
    try {
      return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("lookup did not complete normally", e);
    }
  }
}
