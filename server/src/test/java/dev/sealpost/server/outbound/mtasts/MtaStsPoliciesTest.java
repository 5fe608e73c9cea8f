package dev.sealpost.server.outbound.mtasts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.testing.MtaStsPolicyHost;
import dev.sealpost.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MtaStsPoliciesTest {

  private static final String TESTING_POLICY = "version: STSv1\nmode: testing\nmx: other.example.test\nmax_age: 86400\n";

  @TempDir
  Path cacheDir;

  private final PolicyServer server = new PolicyServer();
  private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T12:00:00Z"));

  @AfterEach
  void stop() {
    server.close();
  }

  private MtaStsPolicies policies() {
    return new MtaStsPolicies(server.resolver, server.fetcher().build(), PolicyCache.open(cacheDir), clock);
  }

  /** Policies with example.test's policy (TXT id "one") fetched and cached. */
  private MtaStsPolicies primed() {
    server.txtId("one");
    MtaStsPolicies policies = policies();
    assertThat(decide(policies, PolicyServer.DOMAIN).mode()).isEqualTo(StsMode.ENFORCE);
    return policies;
  }

  private static EffectivePolicy decide(MtaStsPolicies policies, String domain) {
    try {
      return policies.policyFor(domain).toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("decision did not complete normally", e);
    }
  }

  private void breakServer() {
    server.answer(new MtaStsPolicyHost.Answer(500, "text/plain", "down".getBytes(StandardCharsets.UTF_8), false, null));
  }

  @Test
  void domainWithoutRecordHasNoPolicyAndNothingIsFetched() {
    EffectivePolicy policy = decide(policies(), PolicyServer.DOMAIN);

    assertThat(policy.mode()).isEqualTo(StsMode.NONE);
    assertThat(policy.failure()).isEmpty();
    assertThat(server.requests()).isZero();
  }

  @Test
  void unchangedIdUsesTheCachedPolicyWithoutFetching() {
    server.txtId("one");
    MtaStsPolicies policies = policies();

    EffectivePolicy first = decide(policies, PolicyServer.DOMAIN);
    clock.advance(Duration.ofHours(23));
    EffectivePolicy second = decide(policies, "Example.Test.");

    assertThat(first.mode()).isEqualTo(StsMode.ENFORCE);
    assertThat(second).isEqualTo(first);
    assertThat(second.permits("mx1.example.test")).isTrue();
    assertThat(second.permits("evil.example.test")).isFalse();
    assertThat(server.requests()).isEqualTo(1);
  }

  @Test
  void changedIdFetchesAgain() {
    MtaStsPolicies policies = primed();

    server.txtId("two").policy(TESTING_POLICY);
    EffectivePolicy policy = decide(policies, PolicyServer.DOMAIN);

    assertThat(server.requests()).isEqualTo(2);
    assertThat(policy.mode()).isEqualTo(StsMode.TESTING);
    assertThat(policy.mxPatterns()).containsExactly(new MxPattern("other.example.test"));
  }

  @Test
  void expiredPolicyIsFetchedAgainEvenWithTheSameId() {
    MtaStsPolicies policies = primed();

    clock.advance(Duration.ofDays(1));
    decide(policies, PolicyServer.DOMAIN);

    assertThat(server.requests()).isEqualTo(2);
  }

  @Test
  void failedFetchFallsBackToTheUnexpiredCachedPolicy() {
    MtaStsPolicies policies = primed();

    server.txtId("two");
    breakServer();
    EffectivePolicy policy = decide(policies, PolicyServer.DOMAIN);

    assertThat(policy.mode()).isEqualTo(StsMode.ENFORCE);
    assertThat(policy.failure()).hasValueSatisfying(f -> assertThat(f.kind()).isEqualTo(FetchFailure.Kind.HTTP_STATUS));
  }

  @Test
  void failedFetchWithExpiredCacheMeansNoPolicy() {
    MtaStsPolicies policies = primed();

    clock.advance(Duration.ofDays(2));
    breakServer();
    EffectivePolicy policy = decide(policies, PolicyServer.DOMAIN);

    assertThat(policy.mode()).isEqualTo(StsMode.NONE);
    assertThat(policy.failure()).isPresent();
  }

  @Test
  void recordRemovedButCacheValidKeepsThePolicy() {
    MtaStsPolicies policies = primed();

    server.dns.remove("_mta-sts." + PolicyServer.DOMAIN);

    assertThat(decide(policies, PolicyServer.DOMAIN).mode()).isEqualTo(StsMode.ENFORCE);
    assertThat(server.requests()).isEqualTo(1);
  }

  @Test
  void twoRecordsMeanNoPolicy() {
    server.dns.txt("_mta-sts." + PolicyServer.DOMAIN, "v=STSv1; id=a;").txt("_mta-sts." + PolicyServer.DOMAIN, "v=STSv1; id=b;");

    assertThat(decide(policies(), PolicyServer.DOMAIN).mode()).isEqualTo(StsMode.NONE);
    assertThat(server.requests()).isZero();
  }

  @Test
  void cacheSurvivesANewInstance() throws Exception {
    server.txtId("one");
    decide(policies(), PolicyServer.DOMAIN);

    EffectivePolicy policy = decide(policies(), PolicyServer.DOMAIN);

    assertThat(policy.mode()).isEqualTo(StsMode.ENFORCE);
    assertThat(policy.permits("a.mx.example.test")).isTrue();
    assertThat(server.requests()).isEqualTo(1);
    assertThat(Files.readString(cacheDir.resolve("example.test.json"))).contains("\"id\":\"one\"");
  }

  @Test
  void corruptCacheFileIsIgnored() throws Exception {
    server.txtId("one");
    Files.writeString(cacheDir.resolve("example.test.json"), "{not json");

    assertThat(decide(policies(), PolicyServer.DOMAIN).mode()).isEqualTo(StsMode.ENFORCE);
    assertThat(server.requests()).isEqualTo(1);
  }

  @Test
  void domainTheResolverRefusesHasNoPolicy() {
    MtaStsPolicies policies = policies();

    assertThat(decide(policies, "bad domain.test").mode()).isEqualTo(StsMode.NONE);
    assertThat(decide(policies, "bad domain.test").mode()).isEqualTo(StsMode.NONE); // nothing left in flight
  }
}
