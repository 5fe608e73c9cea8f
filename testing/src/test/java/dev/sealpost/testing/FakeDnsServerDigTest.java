package dev.sealpost.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** FakeDnsServer checked with a client we did not write: ISC's dig. */
class FakeDnsServerDigTest {

  private FakeDnsServer dns;

  @BeforeEach
  void start() {
    Assumptions.assumeTrue(ExternalCommand.available("dig"), "dig not installed: .ci/run installs bind9-dnsutils");
    dns = FakeDnsServer.start();
  }

  @AfterEach
  void stop() {
    if (dns != null) {
      dns.close();
    }
  }

  @Test
  void mxOverUdpAndTcp() {
    dns.mx("example.test", 10, "mx1.example.test").mx("example.test", 20, "mx2.example.test");

    assertThat(lines(dig("example.test", "MX", "+short"))).containsExactlyInAnyOrder(
        "10 mx1.example.test.", "20 mx2.example.test.");
    assertThat(lines(dig("example.test", "MX", "+short", "+tcp"))).containsExactlyInAnyOrder(
        "10 mx1.example.test.", "20 mx2.example.test.");
    assertThat(dns.queries("example.test")).isEqualTo(2);
    assertThat(dns.tcpQueries("example.test")).isEqualTo(1);
  }

  @Test
  void addressRecordsTlsaAndReverse() {
    dns.a("host.example.test", "192.0.2.7").aaaa("host.example.test", "2001:db8::7")
        .tlsa("_25._tcp.host.example.test", 3, 1, 1, new byte[] {(byte) 0xab, (byte) 0xcd})
        .ptr("192.0.2.7", "host.example.test");

    assertThat(dig("host.example.test", "A", "+short").trim()).isEqualTo("192.0.2.7");
    assertThat(dig("host.example.test", "AAAA", "+short").trim()).isEqualTo("2001:db8::7");
    assertThat(dig("_25._tcp.host.example.test", "TLSA", "+short").trim()).isEqualToIgnoringCase("3 1 1 ABCD");
    assertThat(dig("-x", "192.0.2.7", "+short").trim()).isEqualTo("host.example.test.");
  }

  @Test
  void cnameChainIsFollowedInsideTheZone() {
    dns.cname("www.example.test", "web.example.test").cname("web.example.test", "host.example.test")
        .a("host.example.test", "192.0.2.8");

    assertThat(lines(dig("www.example.test", "A", "+short"))).containsExactly(
        "web.example.test.", "host.example.test.", "192.0.2.8");
  }

  @Test
  void nxdomainNoDataAndServfailAreTold() {
    dns.a("host.example.test", "192.0.2.7").txt("sel._domainkey.example.test", "v=DKIM1; p=").servfail("broken.test");

    assertThat(dig("nothing.example.test", "A")).contains("status: NXDOMAIN").contains("SOA");
    assertThat(dig("host.example.test", "MX")).contains("status: NOERROR").contains("ANSWER: 0").contains("SOA");
    // An empty non-terminal exists (RFC 8020): no data, not NXDOMAIN.
    assertThat(dig("_domainkey.example.test", "TXT")).contains("status: NOERROR").contains("ANSWER: 0");
    assertThat(dig("broken.test", "A")).contains("status: SERVFAIL");
  }

  @Test
  void longTxtIsSplitAndTruncatedOverUdpWithoutEdns() {
    String key = "v=DKIM1; k=rsa; p=" + "A".repeat(700);
    dns.txt("big.example.test", key);

    String answer = dig("big.example.test", "TXT", "+noedns");

    assertThat(answer).contains("Truncated, retrying in TCP mode");
    String joined = answer.lines().filter(l -> l.startsWith("big.example.test.")).findFirst().orElseThrow()
        .replaceAll("^.*TXT\\s+", "").replace("\" \"", "").replace("\"", "");
    assertThat(joined).isEqualTo(key);
    assertThat(answer.lines().filter(l -> l.startsWith("big.example.test.")).findFirst().orElseThrow()
        .split("\" \"")).hasSize(3); // 718 bytes: 255 + 255 + 208
    assertThat(dns.tcpQueries("big.example.test")).isEqualTo(1);
  }

  @Test
  void adFlagOnlyForAuthenticatedNamesAndOnlyWhenAsked() {
    dns.a("signed.test", "192.0.2.1").authenticated("signed.test").a("plain.test", "192.0.2.2");

    assertThat(flags(dig("signed.test", "A", "+adflag"))).contains("ad");
    assertThat(flags(dig("signed.test", "A", "+noadflag"))).doesNotContain("ad");
    assertThat(flags(dig("plain.test", "A", "+adflag"))).doesNotContain("ad");
  }

  @Test
  void droppedNameTimesOutAndTheZoneChangesWhileRunning() {
    dns.drop("silent.test");

    ExternalCommand.Result silent = digResult("silent.test", "A", "+time=1", "+tries=1");
    assertThat(silent.exitCode()).isEqualTo(9); // dig: no reply from server
    assertThat(dns.queries("silent.test")).isEqualTo(1);

    dns.remove("silent.test").ttl(42).a("silent.test", "192.0.2.9");
    assertThat(dig("silent.test", "A", "+noall", "+answer")).contains("42").contains("192.0.2.9");
  }

  private String dig(String... args) {
    ExternalCommand.Result r = digResult(args);
    assertThat(r.exitCode()).as(r.output()).isZero();
    return r.stdout();
  }

  private ExternalCommand.Result digResult(String... args) {
    List<String> command = new ArrayList<>(List.of("dig", "@127.0.0.1", "-p", String.valueOf(dns.port())));
    command.addAll(List.of(args));
    return ExternalCommand.run(command, "", Map.of(), 30);
  }

  private static List<String> lines(String output) {
    return output.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
  }

  /** The flags from dig's header line, e.g. {@code [qr, aa, rd, ad]}. */
  private static List<String> flags(String output) {
    String line = output.lines().filter(l -> l.contains("flags:")).findFirst().orElseThrow();
    return List.of(line.replaceAll(".*flags: ([a-z ]*);.*", "$1").trim().split(" "));
  }
}
