package dev.sealpost.server.outbound.tlsrpt;

import dev.sealpost.dns.DnsResolver;
import dev.sealpost.dns.DnsResult;
import dev.sealpost.protocol.Mailbox;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one day's TLS reports (RFC 8460 §5): for each recipient domain with recorded sessions that
 * publishes a valid {@code _smtp._tls} record, the report goes to every rua URI: as mail
 * ({@link TlsReportMail}, queued like any message, so retried) or by HTTPS POST (§5.3.2, once).
 * Domains without a record get nothing; the recorded day is forgotten afterwards by the caller.
 */
public final class TlsReportSender {

  private static final Logger LOG = LoggerFactory.getLogger(TlsReportSender.class);

  /** Queues a report mail. */
  public interface Mailer {
    void send(String from, List<String> to, byte[] message);
  }

  /** Delivers a report by HTTPS POST; returns the HTTP status. */
  public interface Poster {
    int post(URI uri, byte[] gzip) throws IOException;
  }

  /** What one day's run did, for the log and tests. */
  public record Summary(int domains, int mailed, int posted, int failed) {}

  private final TlsRptRecorder recorder;
  private final DnsResolver dns;
  private final TlsReport.Reporter reporter;
  private final String from;
  private final Mailer mailer;
  private final Poster poster;
  private final Clock clock;

  /** @param from the address report mails come from (our postmaster, or the contact) */
  public TlsReportSender(TlsRptRecorder recorder, DnsResolver dns, TlsReport.Reporter reporter, String from,
      Mailer mailer, Poster poster, Clock clock) {
    this.recorder = recorder;
    this.dns = dns;
    this.reporter = reporter;
    this.from = from;
    this.mailer = mailer;
    this.poster = poster;
    this.clock = clock;
  }

  /** Sends the reports for {@code day}; never throws for one domain's trouble. */
  public Summary send(LocalDate day) {
    int domains = 0;
    int mailed = 0;
    int posted = 0;
    int failed = 0;
    for (String domain : recorder.policyDomains(day)) {
      DnsResult<String> txt = dns.txt(TlsRptRecord.ownerName(domain)).toCompletableFuture().join();
      Optional<TlsRptRecord> record = TlsRptRecord.select(txt.records());
      if (record.isEmpty()) {
        LOG.info("event=tlsrpt-skipped domain={} day={} reason={}", domain, day,
            txt instanceof DnsResult.TemporaryFailure<String> t ? "\"lookup failed: " + t.reason() + "\"" : "no-record");
        continue;
      }
      domains++;
      String reportId = day + "T00:00:00Z_" + domain + "_" + UUID.randomUUID();
      String json = TlsReport.json(reporter, reportId, day, recorder.results(day, domain));
      byte[] gzip = TlsReport.gzip(json);
      String fileName = TlsReport.fileName(reporter, domain, day, UUID.randomUUID().toString());
      List<String> mailto = new ArrayList<>();
      for (URI uri : record.get().rua()) {
        if (uri.getScheme().equalsIgnoreCase("mailto")) {
          Optional<String> address = mailtoAddress(uri);
          if (address.isPresent()) {
            mailto.add(address.get());
          } else {
            failed++;
            LOG.warn("event=tlsrpt-failed domain={} rua=\"{}\" reason=\"not a mail address\"", domain, uri);
          }
        } else {
          try {
            int status = poster.post(uri, gzip);
            if (status / 100 == 2) {
              posted++;
              LOG.info("event=tlsrpt-posted domain={} day={} rua=\"{}\" status={}", domain, day, uri, status);
            } else {
              failed++;
              LOG.warn("event=tlsrpt-failed domain={} day={} rua=\"{}\" status={}", domain, day, uri, status);
            }
          } catch (IOException | RuntimeException e) {
            failed++;
            LOG.warn("event=tlsrpt-failed domain={} day={} rua=\"{}\" error=\"{}\"", domain, day, uri,
                String.valueOf(e.getMessage()).replace('"', '\''));
          }
        }
      }
      if (!mailto.isEmpty()) {
        mailer.send(from, mailto, TlsReportMail.build(reporter, from, mailto, domain, reportId, fileName, gzip,
            clock.instant().atZone(ZoneOffset.UTC)));
        mailed++;
        LOG.info("event=tlsrpt-mailed domain={} day={} to=\"{}\"", domain, day, String.join(",", mailto));
      }
    }
    return new Summary(domains, mailed, posted, failed);
  }

  /**
   * The address of a {@code mailto:} rua (RFC 6068), without query; empty when it is not one plain
   * ASCII mailbox. The URI comes from DNS, so whatever it holds must not reach a header unchecked.
   */
  static Optional<String> mailtoAddress(URI uri) {
    String ssp = uri.getSchemeSpecificPart();
    if (ssp == null) {
      return Optional.empty();
    }
    int query = ssp.indexOf('?');
    String address = (query >= 0 ? ssp.substring(0, query) : ssp).strip();
    if (address.isEmpty() || address.contains(",") || !StandardCharsets.US_ASCII.newEncoder().canEncode(address)
        || address.chars().anyMatch(c -> c < 33 || c > 126)) {
      return Optional.empty();
    }
    try {
      Mailbox.parse(address);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.of(address);
  }
}
