package dev.sealpost.server.outbound.mtasts;

import dev.sealpost.dns.DnsResolver;
import dev.sealpost.dns.DnsResult;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the MTA-STS policy for a recipient domain (RFC 8461 §3, §5): looks up the
 * {@code _mta-sts} TXT record, uses the cached policy while its max_age lasts and the record's id is
 * unchanged, fetches a new one otherwise, and falls back to an unexpired cached policy when DNS or
 * the fetch fails (§5.1). Lookups for one domain that overlap share one fetch.
 *
 * <pre>{@code
 * MtaStsPolicies sts = new MtaStsPolicies(resolver, HttpsPolicyFetcher.builder(resolver).build(),
 *     PolicyCache.open(dataDir.resolve("mta-sts")), InstantSource.system());
 * sts.policyFor("example.com").thenAccept(p -> {
 *   if (p.mode() == StsMode.ENFORCE && !p.permits(mx)) { ... skip this MX ... }
 * });
 * }</pre>
 *
 * <p>Thread-safe. The stage never completes exceptionally and may complete on a DNS or fetch
 * thread, so callers on an event loop must not block in dependent stages.
 */
public final class MtaStsPolicies {

  private static final Logger log = LoggerFactory.getLogger(MtaStsPolicies.class);

  private final DnsResolver resolver;
  private final PolicyFetcher fetcher;
  private final PolicyCache cache;
  private final InstantSource clock;
  private final Map<String, CompletableFuture<EffectivePolicy>> inFlight = new ConcurrentHashMap<>();

  public MtaStsPolicies(DnsResolver resolver, PolicyFetcher fetcher, PolicyCache cache, InstantSource clock) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The policy for mail to {@code recipientDomain} (ASCII, A-labels; case and a final dot ignored). */
  public CompletionStage<EffectivePolicy> policyFor(String recipientDomain) {
    String domain = recipientDomain.toLowerCase(Locale.ROOT);
    String policyDomain = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    CompletableFuture<EffectivePolicy> created = new CompletableFuture<>();
    CompletableFuture<EffectivePolicy> running = inFlight.putIfAbsent(policyDomain, created);
    if (running != null) {
      return running.copy();
    }
    CompletionStage<EffectivePolicy> decision;
    try {
      decision = decide(policyDomain);
    } catch (RuntimeException e) { // a name the resolver refuses, e.g. not ASCII: no policy can exist
      decision = CompletableFuture.failedFuture(e);
    }
    decision.whenComplete((policy, error) -> {
      inFlight.remove(policyDomain, created);
      if (error != null) {
        log.warn("mta-sts decision failed domain={} error={}", policyDomain, error.toString());
        created.complete(EffectivePolicy.none(policyDomain, Optional.empty()));
      } else {
        created.complete(policy);
      }
    });
    return created.copy();
  }

  private CompletionStage<EffectivePolicy> decide(String policyDomain) {
    return resolver.txt(StsRecord.ownerName(policyDomain)).thenCompose(txt -> {
      Optional<CachedPolicy> cached = cache.get(policyDomain).filter(c -> c.validAt(clock.instant()));
      Optional<StsRecord> record = txt instanceof DnsResult.TemporaryFailure<String>
          ? Optional.empty()
          : StsRecord.select(txt.records());
      if (record.isEmpty()) {
        // No (usable) record now: an unexpired cached policy still applies (RFC 8461 §5).
        return CompletableFuture.completedFuture(fromCache(policyDomain, cached, Optional.empty()));
      }
      String id = record.get().id();
      if (cached.isPresent() && cached.get().id().equals(id)) {
        return CompletableFuture.completedFuture(fromCache(policyDomain, cached, Optional.empty()));
      }
      return fetcher.fetch(policyDomain).thenApply(result -> switch (result) {
        case PolicyFetcher.Result.Fetched fetched -> {
          cache.put(new CachedPolicy(policyDomain, id, clock.instant(), fetched.policy()));
          log.info("mta-sts policy fetched domain={} id={} mode={} max_age={}", policyDomain, id,
              fetched.policy().mode().wireName(), fetched.policy().maxAge().toSeconds());
          yield new EffectivePolicy(policyDomain, Optional.of(fetched.policy()), Optional.empty());
        }
        case PolicyFetcher.Result.Failed failed -> {
          log.warn("mta-sts fetch failed domain={} id={} kind={} detail={} cached={}", policyDomain, id,
              failed.failure().kind(), failed.failure().detail(), cached.isPresent());
          yield fromCache(policyDomain, cached, Optional.of(failed.failure()));
        }
      });
    });
  }

  private static EffectivePolicy fromCache(String domain, Optional<CachedPolicy> cached, Optional<FetchFailure> failure) {
    return new EffectivePolicy(domain, cached.map(CachedPolicy::policy), failure);
  }
}
