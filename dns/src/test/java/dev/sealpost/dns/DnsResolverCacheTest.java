package dev.sealpost.dns;

import dev.sealpost.testing.MutableClock;

import static dev.sealpost.dns.Lookups.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.testing.FakeDnsServer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** TTL and negative caching, on a clock the test moves. */
class DnsResolverCacheTest {

  private final FakeDnsServer dns = FakeDnsServer.start();
  private final MutableClock clock = new MutableClock();
  private final DnsResolver resolver = Lookups.resolverFor(dns).clock(clock).build();

  @AfterEach
  void stop() {
    dns.close();
  }

  @Test
  void answerIsServedFromTheCacheUntilItsTtlRunsOut() {
    dns.ttl(60).mx("example.test", 10, "mx.example.test");

    await(resolver.mx("example.test"));
    clock.advance(Duration.ofSeconds(45));
    DnsResult<MxRecord> cached = await(resolver.mx("example.test"));

    assertThat(dns.queries("example.test")).isEqualTo(1);
    assertThat(((DnsResult.Found<MxRecord>) cached).ttl()).isEqualTo(Duration.ofSeconds(15));

    clock.advance(Duration.ofSeconds(15));
    await(resolver.mx("example.test"));
    assertThat(dns.queries("example.test")).isEqualTo(2);
  }

  @Test
  void cacheIsPerType() {
    dns.mx("example.test", 10, "mx.example.test").txt("example.test", "v=spf1 -all");

    await(resolver.mx("example.test"));
    await(resolver.txt("example.test"));
    await(resolver.mx("example.test"));

    assertThat(dns.queries("example.test")).isEqualTo(2);
  }

  @Test
  void changedZoneIsSeenOnlyAfterTheTtl() {
    dns.ttl(30).txt("_mta-sts.example.test", "v=STSv1; id=1");
    await(resolver.txt("_mta-sts.example.test"));

    dns.remove("_mta-sts.example.test").txt("_mta-sts.example.test", "v=STSv1; id=2");
    assertThat(await(resolver.txt("_mta-sts.example.test")).records()).containsExactly("v=STSv1; id=1");

    clock.advance(Duration.ofSeconds(31));
    assertThat(await(resolver.txt("_mta-sts.example.test")).records()).containsExactly("v=STSv1; id=2");
  }

  @Test
  void nxdomainIsCachedForTheSoaMinimum() {
    dns.negativeTtl(120).a("other.test", "192.0.2.1");

    assertThat(await(resolver.a("missing.test"))).isInstanceOf(DnsResult.NxDomain.class);
    clock.advance(Duration.ofSeconds(119));
    assertThat(await(resolver.a("missing.test"))).isInstanceOf(DnsResult.NxDomain.class);
    assertThat(dns.queries("missing.test")).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    await(resolver.a("missing.test"));
    assertThat(dns.queries("missing.test")).isEqualTo(2);
  }

  @Test
  void noDataIsCachedToo() {
    dns.negativeTtl(30).a("host.test", "192.0.2.1");

    assertThat(await(resolver.mx("host.test"))).isInstanceOf(DnsResult.NoData.class);
    assertThat(await(resolver.mx("host.test"))).isInstanceOf(DnsResult.NoData.class);

    assertThat(dns.queries("host.test")).isEqualTo(1);
  }

  @Test
  void temporaryFailuresAreNotCached() {
    dns.servfail("broken.test");

    twice(() -> resolver.a("broken.test"));

    assertThat(dns.queries("broken.test")).isEqualTo(2);
  }

  @Test
  void zeroTtlIsNotCached() {
    dns.ttl(0).a("volatile.test", "192.0.2.1");

    twice(() -> resolver.a("volatile.test"));

    assertThat(dns.queries("volatile.test")).isEqualTo(2);
  }

  @Test
  void cacheHoldsAtMostItsSize() {
    DnsResolver small = Lookups.resolverFor(dns).clock(clock).cacheSize(1).build();
    dns.a("one.test", "192.0.2.1").a("two.test", "192.0.2.2");

    await(small.a("one.test"));
    await(small.a("two.test"));
    await(small.a("one.test"));

    assertThat(dns.queries("one.test")).isEqualTo(2);
  }

  @Test
  void aliasAndTargetAreCachedTogetherForTheShorterTtl() {
    dns.ttl(20).cname("www.test", "host.test").ttl(300).a("host.test", "192.0.2.1");

    await(resolver.a("www.test"));
    clock.advance(Duration.ofSeconds(19));
    await(resolver.a("www.test"));
    assertThat(dns.queries("www.test")).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    await(resolver.a("www.test"));
    assertThat(dns.queries("www.test")).isEqualTo(2);
  }

  @Test
  void identicalLookupsInFlightShareOneQuery() {
    dns.drop("slow.test");

    CompletionStage<DnsResult<String>> first = resolver.txt("slow.test");
    CompletionStage<DnsResult<String>> second = resolver.txt("slow.test");

    assertThat(await(first)).isInstanceOf(DnsResult.TemporaryFailure.class);
    assertThat(await(second)).isInstanceOf(DnsResult.TemporaryFailure.class);
    assertThat(dns.queries("slow.test")).isEqualTo(1);
  }

  private static <T> void twice(Supplier<CompletionStage<DnsResult<T>>> lookup) {
    await(lookup.get());
    await(lookup.get());
  }
}
