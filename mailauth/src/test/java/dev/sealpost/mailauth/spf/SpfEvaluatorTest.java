package dev.sealpost.mailauth.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The limits of RFC 7208 §4.6.4 and the trace an administrator reads, on zones written here. */
class SpfEvaluatorTest {

  private final Map<String, List<Object>> zone = new HashMap<>();

  private void spf(String domain, String record) {
    zone.computeIfAbsent(domain, d -> new ArrayList<>()).add(Map.of("TXT", record));
  }

  private void a(String host, String address) {
    zone.computeIfAbsent(host, d -> new ArrayList<>()).add(Map.of("A", address));
  }

  private SpfOutcome check(String client, String mailFrom) throws Exception {
    return new SpfEvaluator(new SuiteZone(zone), "mx.receiver.test", Clock.systemUTC(), Runnable::run)
        .checkMailFrom(InetAddress.getByName(client), mailFrom, "helo.sender.test").toCompletableFuture().join();
  }

  @Test
  void tenDnsTermsAreAllowedAndTheEleventhIsAPermerror() throws Exception {
    StringBuilder ten = new StringBuilder("v=spf1");
    for (int i = 0; i < 10; i++) {
      ten.append(" a:h").append(i).append(".sender.test");
      a("h" + i + ".sender.test", "192.0.2." + (i + 1));
    }
    spf("ten.test", ten + " -all");
    spf("eleven.test", ten + " a:h10.sender.test -all");
    a("h10.sender.test", "192.0.2.99");
    assertThat(check("192.0.2.10", "x@ten.test").result()).isEqualTo(SpfResult.PASS);
    assertThat(check("198.51.100.1", "x@ten.test").result()).isEqualTo(SpfResult.FAIL);
    SpfOutcome eleven = check("198.51.100.1", "x@eleven.test");
    assertThat(eleven.result()).isEqualTo(SpfResult.PERMERROR);
    assertThat(eleven.trace()).anyMatch(l -> l.contains("more than 10 DNS-querying terms"));
  }

  @Test
  void includesAndRedirectsCountTowardsTheSameLimitAndLoopsEndInPermerror() throws Exception {
    spf("loop.test", "v=spf1 include:loop.test -all");
    spf("redirect-loop.test", "v=spf1 redirect=redirect-loop.test");
    assertThat(check("192.0.2.1", "x@loop.test").result()).isEqualTo(SpfResult.PERMERROR);
    assertThat(check("192.0.2.1", "x@redirect-loop.test").result()).isEqualTo(SpfResult.PERMERROR);
  }

  @Test
  void theThirdVoidLookupIsAPermerror() throws Exception {
    spf("two-void.test", "v=spf1 a:none1.test a:none2.test ip4:192.0.2.1 -all");
    spf("three-void.test", "v=spf1 a:none1.test a:none2.test exists:none3.test ip4:192.0.2.1 -all");
    assertThat(check("192.0.2.1", "x@two-void.test").result()).isEqualTo(SpfResult.PASS);
    SpfOutcome three = check("192.0.2.1", "x@three-void.test");
    assertThat(three.result()).isEqualTo(SpfResult.PERMERROR);
    assertThat(three.trace()).anyMatch(l -> l.contains("more than 2 void lookups"));
  }

  @Test
  void theTraceShowsEachRecordAndTermInOrder() throws Exception {
    spf("sender.test", "v=spf1 ip4:198.51.100.0/24 include:_spf.provider.test ~all");
    spf("_spf.provider.test", "v=spf1 ip4:192.0.2.0/24 -all");
    SpfOutcome o = check("192.0.2.7", "alice@sender.test");
    assertThat(o.result()).isEqualTo(SpfResult.PASS);
    assertThat(o.domain()).isEqualTo("sender.test");
    assertThat(o.trace()).containsExactly(
        "sender.test: \"v=spf1 ip4:198.51.100.0/24 include:_spf.provider.test ~all\"",
        "  ip4:198.51.100.0/24 does not match",
        "  _spf.provider.test: \"v=spf1 ip4:192.0.2.0/24 -all\"",
        "    ip4:192.0.2.0/24 matches: pass",
        "  include:_spf.provider.test matches: pass",
        "result: pass");
  }

  @Test
  void anIpv4MappedClientIsCheckedAsIpv4() throws Exception {
    spf("sender.test", "v=spf1 ip4:192.0.2.0/24 -all");
    assertThat(check("::ffff:192.0.2.9", "x@sender.test").result()).isEqualTo(SpfResult.PASS);
  }

  @Test
  void theNullSenderIsCheckedAsPostmasterAtTheHeloName() throws Exception {
    spf("helo.sender.test", "v=spf1 -all exp=why.sender.test");
    zone.put("why.sender.test", List.of(Map.of("TXT", "%{s} may not send from %{i}")));
    SpfOutcome o = check("192.0.2.1", "");
    assertThat(o.result()).isEqualTo(SpfResult.FAIL);
    assertThat(o.explanation()).contains("postmaster@helo.sender.test may not send from 192.0.2.1");
  }
}
