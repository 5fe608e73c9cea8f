package dev.sealpost.server.outbound.tlsrpt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Builds a TLS report (RFC 8460 §4.4) for one policy domain and one UTC day, and names its file
 * (§5.3). Sending it (mail or HTTPS to the rua URIs) is the caller's business.
 *
 * <pre>{@code
 * TlsReport.Reporter us = new TlsReport.Reporter("Example Org", "tlsrpt@example.org", "mail.example.org");
 * String json = TlsReport.json(us, reportId, day, recorder.results(day, "example.com"));
 * byte[] gz = TlsReport.gzip(json);
 * String name = TlsReport.fileName(us, "example.com", day, reportId);
 * }</pre>
 */
public final class TlsReport {

  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'");
  private static final Pattern UNIQUE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  /**
   * Who sends the report.
   *
   * @param organizationName {@code organization-name}
   * @param contactInfo {@code contact-info}, an address or URI for questions
   * @param sendingDomain our domain, the first part of the file name (§5.3 "sender")
   */
  public record Reporter(String organizationName, String contactInfo, String sendingDomain) {
    public Reporter {
      Objects.requireNonNull(organizationName, "organizationName");
      Objects.requireNonNull(contactInfo, "contactInfo");
      Objects.requireNonNull(sendingDomain, "sendingDomain");
    }
  }

  private TlsReport() {}

  /**
   * The report's JSON: the day from 00:00:00Z to 23:59:59Z, one {@code policies[]} entry per result.
   *
   * @throws IllegalArgumentException when the results are for more than one policy domain
   */
  public static String json(Reporter reporter, String reportId, LocalDate day, List<PolicyResults> results) {
    if (results.stream().map(r -> r.policy().policyDomain()).distinct().count() > 1) {
      throw new IllegalArgumentException("a TLS report covers one policy domain, got several: "
          + results.stream().map(r -> r.policy().policyDomain()).distinct().toList());
    }
    ObjectNode report = RptJson.MAPPER.createObjectNode().put("organization-name", reporter.organizationName());
    report.putObject("date-range").put("start-datetime", DATE_TIME.format(start(day)))
        .put("end-datetime", DATE_TIME.format(end(day)));
    report.put("contact-info", reporter.contactInfo()).put("report-id", reportId);
    ArrayNode policies = report.putArray("policies");
    for (PolicyResults result : results) {
      ObjectNode entry = policies.addObject();
      entry.set("policy", RptJson.policy(result.policy(), result.mxHosts()));
      entry.putObject("summary").put("total-successful-session-count", result.successfulSessions())
          .put("total-failure-session-count", result.failedSessions());
      if (!result.failures().isEmpty()) {
        ArrayNode details = entry.putArray("failure-details");
        result.failures().forEach((detail, count) -> details.add(RptJson.failure(detail)
            .put("failed-session-count", count)));
      }
    }
    try {
      return RptJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a TLS report", e);
    }
  }

  /**
   * RFC 8460 §5.3: {@code sender!policy-domain!begin-timestamp!end-timestamp!unique-id.json.gz},
   * timestamps in seconds since the epoch.
   */
  public static String fileName(Reporter reporter, String policyDomain, LocalDate day, String uniqueId) {
    if (!UNIQUE_ID.matcher(uniqueId).matches()) {
      throw new IllegalArgumentException("unique id must be 1 to 64 of [A-Za-z0-9_.-]: '" + uniqueId + "'");
    }
    for (String part : List.of(reporter.sendingDomain(), policyDomain)) {
      if (part.contains("!") || part.contains("/")) {
        throw new IllegalArgumentException("not a domain for a report file name: '" + part + "'");
      }
    }
    return reporter.sendingDomain() + "!" + policyDomain + "!" + start(day).toEpochSecond() + "!"
        + end(day).toEpochSecond() + "!" + uniqueId + ".json.gz";
  }

  /** The report gzip-compressed, as §5.3 asks for the file. */
  public static byte[] gzip(String json) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static ZonedDateTime start(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC);
  }

  private static ZonedDateTime end(LocalDate day) {
    return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).minusSeconds(1);
  }
}
