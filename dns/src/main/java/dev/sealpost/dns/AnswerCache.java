package dev.sealpost.dns;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Answers kept for their TTL (RFC 1035 §3.2.1; negative ones per RFC 2308 §5), least recently used
 * dropped first beyond {@code maxEntries}. The clock is injected so tests move time instead of
 * sleeping. Thread-safe.
 */
final class AnswerCache {

  record Key(Name name, int type) {}

  private record Cached(Answer answer, Instant expires) {}

  private final InstantSource clock;
  private final Duration maxTtl;
  private final Duration maxNegativeTtl;
  private final Map<Key, Cached> entries;

  AnswerCache(InstantSource clock, int maxEntries, Duration maxTtl, Duration maxNegativeTtl) {
    this.clock = clock;
    this.maxTtl = maxTtl;
    this.maxNegativeTtl = maxNegativeTtl;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, Cached> eldest) {
        return size() > maxEntries;
      }
    };
  }

  /** The cached answer, its TTL lowered by the time it has spent here. */
  synchronized Optional<Answer> get(Key key) {
    Cached entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    Duration left = Duration.between(clock.instant(), entry.expires());
    if (left.isNegative() || left.isZero()) {
      entries.remove(key);
      return Optional.empty();
    }
    DnsResult<Record> result = entry.answer().result();
    if (result instanceof DnsResult.Found<Record> f) {
      result = new DnsResult.Found<>(f.records(), Duration.ofSeconds(left.toSeconds()), f.authenticated());
    }
    return Optional.of(new Answer(result, left));
  }

  /** Keeps {@code answer} unless it may not be cached (TTL 0, temporary failure). */
  synchronized void put(Key key, Answer answer) {
    if (answer.result() instanceof DnsResult.TemporaryFailure || !answer.cacheFor().isPositive()) {
      return;
    }
    Duration cap = answer.result() instanceof DnsResult.Found ? maxTtl : maxNegativeTtl;
    Duration ttl = answer.cacheFor().compareTo(cap) > 0 ? cap : answer.cacheFor();
    entries.put(key, new Cached(answer, clock.instant().plus(ttl)));
  }

  synchronized int size() {
    return entries.size();
  }
}
