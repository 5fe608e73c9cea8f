package dev.sealpost.dns;

import static dev.sealpost.dns.Lookups.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sealpost.testing.FakeDnsServer;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DnsjavaResolverTest {

  private final FakeDnsServer dns = FakeDnsServer.start();
  private final DnsResolver resolver = Lookups.resolverFor(dns).build();

  @AfterEach
  void stop() {
    dns.close();
  }

  @Test
  void mxRecordsWithPreferenceAndLowerCaseHosts() {
    dns.ttl(600).mx("example.test", 10, "MX1.Example.Test").mx("example.test", 20, "mx2.example.test.");

    DnsResult<MxRecord> result = await(resolver.mx("example.test"));

    assertThat(result).isInstanceOf(DnsResult.Found.class);
    assertThat(result.records()).containsExactlyInAnyOrder(
        new MxRecord(10, "mx1.example.test"), new MxRecord(20, "mx2.example.test"));
    assertThat(((DnsResult.Found<MxRecord>) result).ttl()).isEqualTo(Duration.ofSeconds(600));
    assertThat(result.authenticated()).isFalse();
  }

  @Test
  void nullMxIsReturnedAsTheRoot() {
    dns.mx("nomail.test", 0, ".");

    DnsResult<MxRecord> result = await(resolver.mx("nomail.test"));

    assertThat(result.records()).containsExactly(new MxRecord(0, "."));
    assertThat(result.records().getFirst().isNullMx()).isTrue();
  }

  @Test
  void txtStringsOfOneRecordAreJoinedAndRecordsKeptApart() {
    dns.txt("example.test", "v=spf1 ", "ip4:192.0.2.0/24 ", "-all").txt("example.test", "google-site-verification=x");

    assertThat(await(resolver.txt("example.test")).records()).containsExactlyInAnyOrder(
        "v=spf1 ip4:192.0.2.0/24 -all", "google-site-verification=x");
  }

  @Test
  void txtKeepsBackslashesAndQuotes() {
    dns.txt("odd.test", "a\\b \"c\"");

    assertThat(await(resolver.txt("odd.test")).records()).containsExactly("a\\b \"c\"");
  }

  @Test
  void largeTxtIsFetchedOverTcpAfterTruncation() {
    // Larger than the 1232-byte EDNS size the resolver offers: the UDP answer comes back with TC.
    String key = "v=DKIM1; k=rsa; p=" + "B".repeat(2000);
    dns.txt("sel._domainkey.example.test", key);

    DnsResult<String> result = await(resolver.txt("sel._domainkey.example.test"));

    assertThat(result.records()).containsExactly(key);
    assertThat(dns.tcpQueries("sel._domainkey.example.test")).isEqualTo(1);
  }

  @Test
  void aAndAaaa() throws Exception {
    dns.a("host.test", "192.0.2.1").a("host.test", "192.0.2.2").aaaa("host.test", "2001:db8::1");

    assertThat(await(resolver.a("host.test")).records()).containsExactlyInAnyOrder(
        InetAddress.getByName("192.0.2.1"), InetAddress.getByName("192.0.2.2"));
    assertThat(await(resolver.aaaa("host.test")).records()).containsExactly(InetAddress.getByName("2001:db8::1"));
  }

  @Test
  void ptrForIpv4AndIpv6() throws Exception {
    dns.ptr("192.0.2.1", "Mail.Example.Test").ptr("2001:db8::25", "mail6.example.test");

    assertThat(await(resolver.ptr(InetAddress.getByName("192.0.2.1"))).records()).containsExactly("mail.example.test");
    assertThat(await(resolver.ptr(InetAddress.getByName("2001:db8::25"))).records()).containsExactly("mail6.example.test");
  }

  @Test
  void tlsaRecords() {
    byte[] digest = {1, 2, 3, (byte) 0xff};
    dns.tlsa(TlsaRecord.ownerName(25, "mx.example.test"), 3, 1, 1, digest);

    DnsResult<TlsaRecord> result = await(resolver.tlsa("_25._tcp.mx.example.test"));

    assertThat(result.records()).containsExactly(new TlsaRecord(3, 1, 1, digest));
  }

  @Test
  void cnameGivesOneLinkWithItsAdBitAndNoDataForANameThatIsNoAlias() {
    dns.cname("mx.example.test", "MX.Provider.Test.").cname("mx.provider.test", "final.provider.test")
        .a("final.provider.test", "192.0.2.25").authenticated("mx.example.test");

    DnsResult<String> alias = await(resolver.cname("mx.example.test"));
    assertThat(alias.records()).containsExactly("mx.provider.test"); // one link, not the end of the chain
    assertThat(alias.authenticated()).isTrue();
    assertThat(await(resolver.cname("final.provider.test"))).isInstanceOf(DnsResult.NoData.class);
  }

  @Test
  void cnameChainIsFollowedAndTheSmallestTtlWins() {
    dns.ttl(100).cname("www.example.test", "web.example.test")
        .ttl(50).cname("web.example.test", "host.example.test")
        .ttl(300).a("host.example.test", "192.0.2.80");

    DnsResult<InetAddress> result = await(resolver.a("www.example.test"));

    assertThat(result.records()).extracting(InetAddress::getHostAddress).containsExactly("192.0.2.80");
    assertThat(((DnsResult.Found<InetAddress>) result).ttl()).isEqualTo(Duration.ofSeconds(50));
  }

  @Test
  void cnameToANameThatDoesNotExistIsNxdomain() {
    dns.cname("alias.test", "gone.test");

    assertThat(await(resolver.a("alias.test"))).isInstanceOf(DnsResult.NxDomain.class);
  }

  @Test
  void unknownNameIsNxdomain() {
    dns.a("known.test", "192.0.2.1");

    assertThat(await(resolver.mx("unknown.test"))).isEqualTo(new DnsResult.NxDomain<MxRecord>(false));
  }

  @Test
  void knownNameWithoutTheTypeIsNoData() {
    dns.a("known.test", "192.0.2.1");

    DnsResult<MxRecord> result = await(resolver.mx("known.test"));

    assertThat(result).isEqualTo(new DnsResult.NoData<MxRecord>(false));
    assertThat(result.records()).isEmpty();
  }

  @Test
  void servfailIsATemporaryFailure() {
    dns.servfail("broken.test");

    DnsResult<String> result = await(resolver.txt("broken.test"));

    assertThat(result).isInstanceOfSatisfying(DnsResult.TemporaryFailure.class,
        f -> assertThat(f.reason()).contains("SERVFAIL").contains("broken.test"));
  }

  @Test
  void aServerThatNeverAnswersIsATemporaryFailure() {
    dns.drop("silent.test");

    DnsResult<String> result = await(resolver.txt("silent.test"));

    assertThat(result).isInstanceOfSatisfying(DnsResult.TemporaryFailure.class,
        f -> assertThat(f.reason()).contains("no answer for silent.test. TXT"));
  }

  @Test
  void retriesAskAgainAfterATimeout() {
    dns.drop("silent.test");
    DnsResolver patient = Lookups.resolverFor(dns).retries(2).build();

    assertThat(await(patient.a("silent.test"))).isInstanceOf(DnsResult.TemporaryFailure.class);
    assertThat(dns.queries("silent.test")).isEqualTo(3);
  }

  @Test
  void noServerListeningIsATemporaryFailure() {
    int port = dns.port();
    dns.close();
    DnsResolver nowhere = DnsjavaResolver.builder().servers(DnsServer.parse("127.0.0.1:" + port))
        .timeout(Duration.ofMillis(300)).retries(0).build();

    assertThat(await(nowhere.a("example.test"))).isInstanceOf(DnsResult.TemporaryFailure.class);
  }

  @Test
  void adBitIsPassedThrough() {
    dns.tlsa("_25._tcp.signed.test", 3, 1, 1, new byte[] {9}).authenticated("_25._tcp.signed.test")
        .tlsa("_25._tcp.plain.test", 3, 1, 1, new byte[] {9});

    assertThat(await(resolver.tlsa("_25._tcp.signed.test")).authenticated()).isTrue();
    assertThat(await(resolver.tlsa("_25._tcp.plain.test")).authenticated()).isFalse();
  }

  @Test
  void adBitOfAChainNeedsEveryLink() {
    dns.cname("alias.signed.test", "plain.test").authenticated("alias.signed.test").a("plain.test", "192.0.2.1");

    assertThat(await(resolver.a("alias.signed.test")).authenticated()).isFalse();
  }

  @Test
  void authenticatedDenialKeepsTheAdBit() {
    dns.a("signed.test", "192.0.2.1").authenticated("signed.test");

    assertThat(await(resolver.tlsa("signed.test"))).isEqualTo(new DnsResult.NoData<TlsaRecord>(true));
  }

  @Test
  void dnssecOkBitStillGetsAnswers() {
    dns.a("signed.test", "192.0.2.1").authenticated("signed.test");
    DnsResolver dnssec = Lookups.resolverFor(dns).requestDnssec(true).build();

    assertThat(await(dnssec.a("signed.test")).authenticated()).isTrue();
  }

  @Test
  void namesAreCheckedBeforeAnyQuery() {
    assertThatThrownBy(() -> resolver.mx("bücher.test"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bücher.test").hasMessageContaining("A-labels");
    assertThatThrownBy(() -> resolver.a("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> resolver.txt("a".repeat(64) + ".test"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a".repeat(64));
  }

  @Test
  void trailingDotAndCaseDoNotMatter() {
    dns.a("host.test", "192.0.2.1");

    assertThat(await(resolver.a("HOST.test.")).records()).hasSize(1);
  }
}
