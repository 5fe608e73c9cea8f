package dev.sealpost.mailauth.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.dns.DnsServer;
import dev.sealpost.dns.DnsjavaResolver;
import dev.sealpost.testing.FakeDnsServer;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A table of DMARC cases (RFC 7489) against records served by a DNS server on loopback. */
class DmarcEvaluatorTest {

  private static FakeDnsServer dns;

  @BeforeAll
  static void zone() {
    dns = FakeDnsServer.start();
    dns.txt("_dmarc.example.com", "v=DMARC1; p=reject; sp=quarantine; rua=mailto:d@example.com")
        .txt("_dmarc.strict.test", "v=DMARC1; p=reject; adkim=s; aspf=s")
        .txt("_dmarc.example.co.uk", "v=DMARC1; p=quarantine")
        .txt("_dmarc.two.test", "v=DMARC1; p=reject").txt("_dmarc.two.test", "v=DMARC1; p=none")
        .txt("_dmarc.badp.test", "v=DMARC1; p=bogus; rua=mailto:x@badp.test")
        .txt("_dmarc.nop.test", "v=DMARC1; adkim=r")
        .txt("_dmarc.half.test", "v=DMARC1; p=reject; pct=50")
        .txt("_dmarc.other.test", "v=spf1 -all")
        .txt("_dmarc.sub.blogspot.com", "v=DMARC1; p=reject");
    dns.servfail("_dmarc.broken.test");
  }

  @AfterAll
  static void stop() {
    dns.close();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // from, spfPassed, spfDomain, dkim d= passed, status, disposition
        Arguments.of("example.com", true, "example.com", List.of(), "PASS", "NONE"),
        Arguments.of("example.com", true, "bounces.example.com", List.of(), "PASS", "NONE"), // relaxed SPF
        Arguments.of("example.com", false, "example.com", List.of("mail.example.com"), "PASS", "NONE"), // relaxed DKIM
        Arguments.of("example.com", true, "other.test", List.of("other.test"), "FAIL", "REJECT"), // unaligned
        Arguments.of("news.example.com", false, "x.test", List.of(), "FAIL", "QUARANTINE"), // sp= for a subdomain
        Arguments.of("strict.test", true, "mail.strict.test", List.of("mail.strict.test"), "FAIL", "REJECT"),
        Arguments.of("strict.test", false, "", List.of("strict.test"), "PASS", "NONE"),
        Arguments.of("shop.example.co.uk", false, "", List.of("example.co.uk"), "PASS", "NONE"), // PSL: co.uk
        Arguments.of("shop.example.co.uk", false, "", List.of("co.uk"), "FAIL", "QUARANTINE"),
        Arguments.of("sub.blogspot.com", false, "", List.of("blogspot.com"), "FAIL", "REJECT"), // PSL private section
        Arguments.of("nothing.test", false, "", List.of(), "NONE", "NONE"),
        Arguments.of("other.test", false, "", List.of(), "NONE", "NONE"), // a TXT that is not DMARC
        Arguments.of("two.test", false, "", List.of(), "NONE", "NONE"), // two records: none applies
        Arguments.of("badp.test", false, "", List.of(), "FAIL", "NONE"), // invalid p with rua: p=none
        Arguments.of("nop.test", false, "", List.of(), "NONE", "NONE"), // no p and no rua: ignored
        Arguments.of("broken.test", true, "broken.test", List.of(), "TEMPERROR", "NONE"));
  }

  @ParameterizedTest(name = "{0} spf={1}/{2} dkim={3} -> {4} {5}")
  @MethodSource("cases")
  void dmarc(String from, boolean spf, String spfDomain, List<String> dkim, String status, String disposition) {
    DmarcEvaluator evaluator = new DmarcEvaluator(
        DnsjavaResolver.builder().servers(List.of(DnsServer.parse(dns.address()))).build(), new Random(7));
    DmarcResult r = evaluator.evaluate(new DmarcEvaluator.Inputs(from, spf, spfDomain, dkim)).toCompletableFuture().join();
    assertThat(r.status()).as(String.join("\n", r.steps())).isEqualTo(DmarcResult.Status.valueOf(status));
    assertThat(r.disposition()).as(String.join("\n", r.steps())).isEqualTo(DmarcResult.Disposition.valueOf(disposition));
  }

  @org.junit.jupiter.api.Test
  void pctSamplesFailuresAndLowersThePolicyOneStepOutsideTheSample() {
    DmarcEvaluator evaluator = new DmarcEvaluator(
        DnsjavaResolver.builder().servers(List.of(DnsServer.parse(dns.address()))).build(), new Random(42));
    int rejected = 0;
    int quarantined = 0;
    for (int i = 0; i < 400; i++) {
      DmarcResult r = evaluator.evaluate(new DmarcEvaluator.Inputs("half.test", false, "", List.of()))
          .toCompletableFuture().join();
      assertThat(r.status()).isEqualTo(DmarcResult.Status.FAIL);
      if (r.disposition() == DmarcResult.Disposition.REJECT) {
        rejected++;
      } else {
        assertThat(r.disposition()).isEqualTo(DmarcResult.Disposition.QUARANTINE);
        quarantined++;
      }
    }
    assertThat(rejected).isBetween(150, 250);
    assertThat(quarantined).isBetween(150, 250);
  }

  @org.junit.jupiter.api.Test
  void organizationalDomainsComeFromThePublicSuffixList() {
    assertThat(OrganizationalDomain.of("mail.example.co.uk")).isEqualTo("example.co.uk");
    assertThat(OrganizationalDomain.of("A.B.Example.COM.")).isEqualTo("example.com");
    assertThat(OrganizationalDomain.of("co.uk")).isEqualTo("co.uk");
    assertThat(OrganizationalDomain.of("[192.0.2.1]")).isEqualTo("[192.0.2.1]");
  }
}
