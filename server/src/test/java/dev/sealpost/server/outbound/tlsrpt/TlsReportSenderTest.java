package dev.sealpost.server.outbound.tlsrpt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.sealpost.dns.DnsServer;
import dev.sealpost.dns.DnsjavaResolver;
import dev.sealpost.server.outbound.mtasts.WebPkiTrust;
import dev.sealpost.testing.FakeDnsServer;
import dev.sealpost.testing.MutableClock;
import dev.sealpost.testing.TestPki;
import dev.sealpost.testing.Trust;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One day's reports to the rua URIs a domain publishes: mail read back by Angus Mail (a MIME parser we
 * did not write) and an HTTPS POST to a loopback server with a certificate from a test CA.
 */
class TlsReportSenderTest {

  private static final TestPki.Credential CA = TestPki.authority("Report CA");
  private static final LocalDate DAY = LocalDate.parse("2026-11-27");
  private static final List<String> STS = List.of("version: STSv1", "mode: enforce", "mx: mx.remote.test",
      "max_age: 86400");

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T09:00:00Z"));
  private final List<Mailed> mailed = new CopyOnWriteArrayList<>();
  private final List<byte[]> posted = new CopyOnWriteArrayList<>();
  private final List<String> postedTypes = new CopyOnWriteArrayList<>();
  private FakeDnsServer dns;
  private HttpsServer https;
  private TlsRptRecorder recorder;

  record Mailed(String from, List<String> to, byte[] message) {}

  @BeforeEach
  void start() throws Exception {
    dns = FakeDnsServer.start();
    https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(Trust.serving(TestPki.server(CA, List.of("localhost")))));
    https.createContext("/tlsrpt", exchange -> {
      postedTypes.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type"));
      try (InputStream in = exchange.getRequestBody()) {
        posted.add(in.readAllBytes());
      }
      exchange.sendResponseHeaders(exchange.getRequestURI().getPath().endsWith("broken") ? 500 : 200, -1);
      exchange.close();
    });
    https.start();
    recorder = TlsRptRecorder.open(dir, clock);
  }

  @AfterEach
  void stop() {
    recorder.close();
    https.stop(0);
    dns.close();
  }

  private TlsReportSender sender() {
    var resolver = DnsjavaResolver.builder().servers(List.of(DnsServer.parse(dns.address()))).build();
    var poster = new HttpsReportPoster(WebPkiTrust.context(List.of(CA.certificate())), Duration.ofSeconds(5));
    return new TlsReportSender(recorder, resolver, new TlsReport.Reporter("Sealpost Test", "tlsrpt@sender.test",
        "mx.sender.test"), "tlsrpt@sender.test", (from, to, m) -> mailed.add(new Mailed(from, to, m)), poster, clock);
  }

  private String httpsUri(String path) {
    return "https://localhost:" + https.getAddress().getPort() + path;
  }

  private static String gunzip(byte[] gz) throws Exception {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theReportGoesByMailAndByHttpsToEveryRuaAndParsesAsRfc8460Says() throws Exception {
    recorder.success("remote.test", PolicyType.STS, STS, "mx.remote.test");
    recorder.success("remote.test", PolicyType.STS, STS, "mx.remote.test");
    recorder.failure("remote.test", PolicyType.STS, STS, "mx.remote.test", FailureDetail.of(
        ResultType.CERTIFICATE_EXPIRED, "192.0.2.1", "mx.remote.test", "127.0.0.1", "EXPIRED"));
    recorder.success("quiet.test", PolicyType.STS, STS, "mx.quiet.test"); // publishes no _smtp._tls
    dns.txt("_smtp._tls.remote.test", "v=TLSRPTv1; rua=mailto:tls-reports@remote.test," + httpsUri("/tlsrpt"));

    TlsReportSender.Summary summary = sender().send(DAY);
    assertThat(summary).isEqualTo(new TlsReportSender.Summary(1, 1, 1, 0));

    Mailed m = mailed.getFirst();
    assertThat(m.from()).isEqualTo("tlsrpt@sender.test");
    assertThat(m.to()).containsExactly("tls-reports@remote.test");
    MimeMessage mime = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(m.message()));
    assertThat(mime.getHeader("TLS-Report-Domain", null)).isEqualTo("remote.test");
    assertThat(mime.getHeader("TLS-Report-Submitter", null)).isEqualTo("mx.sender.test");
    assertThat(mime.getSubject()).startsWith("Report Domain: remote.test Submitter: mx.sender.test Report-ID: <");
    ContentType type = new ContentType(mime.getContentType());
    assertThat(type.getBaseType()).isEqualTo("multipart/report");
    assertThat(type.getParameter("report-type")).isEqualTo("tlsrpt");
    Multipart parts = (Multipart) mime.getContent();
    assertThat(parts.getCount()).isEqualTo(2);
    Part report = parts.getBodyPart(1);
    assertThat(new ContentType(report.getContentType()).getBaseType()).isEqualTo("application/tlsrpt+gzip");
    assertThat(report.getFileName()).startsWith("mx.sender.test!remote.test!").endsWith(".json.gz");
    byte[] gz;
    try (InputStream in = report.getInputStream()) {
      gz = in.readAllBytes();
    }
    JsonNode json = new ObjectMapper().readTree(gunzip(gz));
    assertThat(json.get("organization-name").asText()).isEqualTo("Sealpost Test");
    assertThat(json.at("/date-range/start-datetime").asText()).isEqualTo("2026-11-27T00:00:00Z");
    assertThat(json.at("/policies/0/policy/policy-domain").asText()).isEqualTo("remote.test");
    assertThat(json.at("/policies/0/summary/total-successful-session-count").asInt()).isEqualTo(2);
    assertThat(json.at("/policies/0/summary/total-failure-session-count").asInt()).isEqualTo(1);
    assertThat(json.at("/policies/0/failure-details/0/result-type").asText()).isEqualTo("certificate-expired");
    assertThat(mime.getSubject()).contains(json.get("report-id").asText());

    assertThat(postedTypes).containsExactly("POST application/tlsrpt+gzip");
    assertThat(gunzip(posted.getFirst())).isEqualTo(gunzip(gz));
  }

  @Test
  void aHostileMailtoNeverReachesAHeaderAndAFailingHttpsEndpointIsCounted() {
    recorder.success("remote.test", PolicyType.STS, STS, "mx.remote.test");
    dns.txt("_smtp._tls.remote.test", "v=TLSRPTv1; rua=mailto:a@remote.test%0D%0ABcc:victim@else.test,"
        + httpsUri("/tlsrpt/broken"));
    TlsReportSender.Summary summary = sender().send(DAY);
    assertThat(summary).isEqualTo(new TlsReportSender.Summary(1, 0, 0, 2));
    assertThat(mailed).isEmpty();
  }

  @Test
  void anHttpsEndpointWithACertificateForAnotherNameGetsNothing() throws Exception {
    // The certificate names "localhost"; the URI names 127.0.0.1: a trusted CA, the wrong name.
    recorder.success("remote.test", PolicyType.STS, STS, "mx.remote.test");
    dns.txt("_smtp._tls.remote.test", "v=TLSRPTv1; rua=https://127.0.0.1:" + https.getAddress().getPort() + "/tlsrpt");
    assertThat(sender().send(DAY)).isEqualTo(new TlsReportSender.Summary(1, 0, 0, 1));
    assertThat(posted).isEmpty();
  }

  @Test
  void mailtoAddressesAreSingleAsciiMailboxes() {
    assertThat(TlsReportSender.mailtoAddress(URI.create("mailto:tlsrpt@example.com"))).contains("tlsrpt@example.com");
    assertThat(TlsReportSender.mailtoAddress(URI.create("mailto:tlsrpt@example.com?subject=x")))
        .contains("tlsrpt@example.com");
    assertThat(TlsReportSender.mailtoAddress(URI.create("mailto:a@example.com,b@example.com"))).isEmpty();
    assertThat(TlsReportSender.mailtoAddress(URI.create("mailto:a@example.com%0D%0ABcc:b@example.com"))).isEmpty();
    assertThat(TlsReportSender.mailtoAddress(URI.create("mailto:not-an-address"))).isEmpty();
  }

  @Test
  void dailyRunSendsAndForgetsFinishedDaysOnlyAndKeepsToday() {
    recorder.success("remote.test", PolicyType.STS, STS, "mx.remote.test"); // 2026-11-27
    clock.advance(Duration.ofDays(1));
    recorder.success("remote.test", PolicyType.STS, STS, "mx.remote.test"); // 2026-11-28, today
    dns.txt("_smtp._tls.remote.test", "v=TLSRPTv1; rua=mailto:tls-reports@remote.test");
    DailyTlsReports daily = new DailyTlsReports(recorder, sender(), clock, new java.util.Random(1));
    assertThat(daily.sendFinishedDays()).isEqualTo(1);
    assertThat(mailed).hasSize(1);
    assertThat(recorder.days()).containsExactly(LocalDate.parse("2026-11-28"));
    assertThat(daily.sendFinishedDays()).as("nothing twice").isZero();
    daily.close();
  }
}
