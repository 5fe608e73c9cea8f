package dev.sealpost.cli;

import dev.sealpost.dns.DnsResult;
import dev.sealpost.server.outbound.tlsrpt.PolicyResults;
import dev.sealpost.server.outbound.tlsrpt.TlsReport;
import dev.sealpost.server.outbound.tlsrpt.TlsRptRecord;
import dev.sealpost.server.outbound.tlsrpt.TlsRptRecorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sealpost tls-report}: writes the RFC 8460 daily reports from what outbound delivery recorded,
 * one gzip file per recipient domain that publishes a {@code _smtp._tls} record. The running server sends
 * finished days itself ({@code DailyTlsReports}) and then forgets them; this writes files for the days
 * still recorded, e.g. today's so far, or when sending is turned off.
 */
@Command(name = "tls-report", mixinStandardHelpOptions = true,
    description = {"Write the daily TLS-RPT reports (RFC 8460) for the domains Sealpost delivered to under",
        "an MTA-STS or DANE policy and that publish a _smtp._tls record."})
final class TlsReportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin DataDirOptions where;

  @Option(names = "--day", paramLabel = "YYYY-MM-DD", description = "The UTC day to report (default: yesterday).")
  String day;

  @Option(names = "--out", paramLabel = "DIR", description = "Where to write the reports (default: DATA/tlsrpt/reports).")
  Path out;

  @Mixin DnsOptions dns;

  @Option(names = "--organization", paramLabel = "NAME", description = "organization-name in the report (default: host name).")
  String organization;

  @Option(names = "--contact", paramLabel = "ADDR", description = "contact-info in the report (default: postmaster@host name).")
  String contact;

  @Override
  public Integer call() throws IOException {
    LocalDate date;
    try {
      date = day == null ? LocalDate.now(ZoneOffset.UTC).minusDays(1) : LocalDate.parse(day);
    } catch (DateTimeParseException e) {
      throw new CliException("--day: '" + day + "' is not a date like 2026-11-27");
    }
    Path data = where.dataDirectory();
    String host = where.hostname();
    Path target = out != null ? out : data.resolve("tlsrpt").resolve("reports");
    var resolverBuilt = dns.resolver();
    var reporter = new TlsReport.Reporter(organization != null ? organization : host,
        contact != null ? contact : "postmaster@" + host, host);
    var print = spec.commandLine().getOut();
    int written = 0;
    try (TlsRptRecorder recorder = TlsRptRecorder.open(data.resolve("tlsrpt"), Clock.systemUTC())) {
      for (String domain : recorder.policyDomains(date).stream().sorted().toList()) {
        DnsResult<String> txt = resolverBuilt.txt(TlsRptRecord.ownerName(domain)).toCompletableFuture().join();
        Optional<TlsRptRecord> record = TlsRptRecord.select(txt.records());
        if (record.isEmpty()) {
          print.println(domain + ": no TLS-RPT record, nothing to report"
              + (txt instanceof DnsResult.TemporaryFailure<String> t ? " (lookup failed: " + t.reason() + ")" : ""));
          continue;
        }
        List<PolicyResults> results = recorder.results(date, domain);
        String json = TlsReport.json(reporter, UUID.randomUUID().toString(), date, results);
        Files.createDirectories(target);
        Path file = target.resolve(TlsReport.fileName(reporter, domain, date, UUID.randomUUID().toString()));
        Files.write(file, TlsReport.gzip(json));
        written++;
        print.println(domain + ": " + file + " for " + record.get().rua());
      }
    }
    print.println(written + " report(s) for " + date);
    print.flush();
    return 0;
  }
}
