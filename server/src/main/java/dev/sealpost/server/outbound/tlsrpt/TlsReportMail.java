package dev.sealpost.server.outbound.tlsrpt;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A TLS report as mail (RFC 8460 §5.3): {@code multipart/report; report-type="tlsrpt"} with a short
 * text part and the gzip JSON as {@code application/tlsrpt+gzip}, base64, named as §5.3 says; the
 * {@code TLS-Report-Domain} and {@code TLS-Report-Submitter} fields and the Subject let the receiving
 * side file it without opening the attachment.
 */
public final class TlsReportMail {

  private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME;
  private static final SecureRandom RANDOM = new SecureRandom();

  private TlsReportMail() {}

  /**
   * @param from our reporting address (the RFC5322.From)
   * @param to the rua mailto addresses of the policy domain
   * @param reportId the JSON's report-id, repeated in the Subject
   * @param fileName the attachment's name, {@link TlsReport#fileName}
   */
  public static byte[] build(TlsReport.Reporter reporter, String from, List<String> to, String policyDomain,
      String reportId, String fileName, byte[] gzip, ZonedDateTime date) {
    String boundary = "=_sealpost_tlsrpt_" + HexFormat.of().formatHex(bytes(12));
    StringBuilder m = new StringBuilder();
    header(m, "From", "<" + from + ">");
    header(m, "Date", DATE.format(date.withZoneSameInstant(ZoneOffset.UTC)));
    header(m, "To", String.join(", ", to.stream().map(a -> "<" + a + ">").toList()));
    header(m, "Subject", "Report Domain: " + policyDomain + "\r\n Submitter: " + reporter.sendingDomain()
        + "\r\n Report-ID: <" + reportId + "@" + reporter.sendingDomain() + ">");
    header(m, "Message-ID", "<tlsrpt." + reportId + "@" + reporter.sendingDomain() + ">");
    header(m, "TLS-Report-Domain", policyDomain);
    header(m, "TLS-Report-Submitter", reporter.sendingDomain());
    header(m, "Auto-Submitted", "auto-generated");
    header(m, "MIME-Version", "1.0");
    header(m, "Content-Type", "multipart/report; report-type=\"tlsrpt\";\r\n\tboundary=\"" + boundary + "\"");
    m.append("\r\nThis is a multipart message in MIME format.\r\n\r\n");
    m.append("--").append(boundary).append("\r\n");
    header(m, "Content-Type", "text/plain; charset=us-ascii");
    header(m, "Content-Transfer-Encoding", "7bit");
    m.append("\r\nThis is an aggregate TLS report (RFC 8460) from ").append(reporter.sendingDomain())
        .append(" for ").append(policyDomain).append(".\r\n\r\n");
    m.append("--").append(boundary).append("\r\n");
    header(m, "Content-Type", "application/tlsrpt+gzip");
    header(m, "Content-Transfer-Encoding", "base64");
    header(m, "Content-Disposition", "attachment;\r\n\tfilename=\"" + fileName + "\"");
    m.append("\r\n").append(Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(gzip))
        .append("\r\n");
    m.append("--").append(boundary).append("--\r\n");
    return m.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static void header(StringBuilder m, String name, String value) {
    if (value.chars().anyMatch(c -> c > 126 || (c < 32 && c != '\r' && c != '\n' && c != '\t'))) {
      throw new IllegalArgumentException(name + ": not printable ASCII");
    }
    m.append(name).append(": ").append(value).append("\r\n");
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
