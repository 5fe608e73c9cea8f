package dev.sealpost.dns;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The outcome of one DNS lookup, in the four kinds that mail protocols tell apart.
 *
 * <p>SPF (RFC 7208 §4.4, §11.1) needs all four: records found, a name that does not exist
 * (NXDOMAIN), a name that exists without records of the type ("no data", NOERROR with an empty
 * answer, RFC 2308 §2.2; both of these count as a "void lookup"), and a temporary failure (SERVFAIL,
 * timeout, network error) that becomes {@code temperror}. Delivery needs the same split: NXDOMAIN
 * for a recipient domain is a permanent failure, a temporary failure is retried (RFC 5321 §5.1).
 *
 * <p>{@code authenticated} is the AD bit of the answer (RFC 4035 §3.2.3): true only when the
 * resolver validated it with DNSSEC. DANE (RFC 7672) may trust TLSA records only when it is true,
 * and only if the resolver is trusted and reached over a secure path (usually loopback).
 *
 * @param <T> the record type, for example {@link MxRecord}
 */
public sealed interface DnsResult<T> {

  /** The records found; empty for every kind but {@link Found}. */
  List<T> records();

  /** True when the answer carried the AD bit (for a CNAME chain: every answer in it did). */
  boolean authenticated();

  /** Records of the type exist at the name (after following CNAMEs). */
  record Found<T>(List<T> records, Duration ttl, boolean authenticated) implements DnsResult<T> {
    /**
     * @param records at least one record
     * @param ttl how long the answer may still be cached: the smallest TTL in it (RFC 2181 §5.2)
     * @param authenticated the AD bit, see {@link DnsResult}
     */
    public Found {
      records = List.copyOf(records);
      Objects.requireNonNull(ttl, "ttl");
      if (records.isEmpty()) {
        throw new IllegalArgumentException("Found needs at least one record; an empty answer is NoData");
      }
    }
  }

  /** The name does not exist (RCODE 3, NXDOMAIN; RFC 8020: nor does anything below it). */
  record NxDomain<T>(boolean authenticated) implements DnsResult<T> {
    @Override
    public List<T> records() {
      return List.of();
    }
  }

  /** The name exists but has no records of the type (NOERROR, empty answer; RFC 2308 §2.2). */
  record NoData<T>(boolean authenticated) implements DnsResult<T> {
    @Override
    public List<T> records() {
      return List.of();
    }
  }

  /**
   * No answer could be had now: SERVFAIL, REFUSED, a timeout or a network error. Callers retry
   * later (4xx, SPF {@code temperror}) and never treat it as "no records".
   *
   * @param reason for logs, naming the query and what went wrong
   */
  record TemporaryFailure<T>(String reason) implements DnsResult<T> {
    public TemporaryFailure {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public List<T> records() {
      return List.of();
    }

    @Override
    public boolean authenticated() {
      return false;
    }
  }

  /** The same outcome with each record converted; the kind, TTL and AD bit are kept. */
  default <R> DnsResult<R> map(Function<? super T, ? extends R> mapper) {
    return switch (this) {
      case Found<T> f -> new Found<R>(f.records().stream().<R>map(mapper).toList(), f.ttl(), f.authenticated());
      case NxDomain<T> n -> new NxDomain<>(n.authenticated());
      case NoData<T> n -> new NoData<>(n.authenticated());
      case TemporaryFailure<T> t -> new TemporaryFailure<>(t.reason());
    };
  }
}
