package dev.sealpost.server.smtp;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The trace header of RFC 5321 §4.4, with the TLS details in a comment as Postfix writes them, so that
 * a reader of the message can see how it arrived. The authenticated user appears only when the
 * administrator asks for it; by default it is not leaked to recipients.
 */
final class ReceivedHeader {
  private ReceivedHeader() {}

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

  record Trace(String helo, String clientIp, String byHost, String protocol, String queueId,
      Optional<TlsInfo> tls, Optional<String> user, Optional<String> forRecipient, ZonedDateTime when) {}

  static String format(Trace t) {
    StringBuilder b = new StringBuilder("Received: from ").append(t.helo())
        .append(" ([").append(t.clientIp()).append("])\r\n")
        .append("\tby ").append(t.byHost()).append(" (Sealpost) with ").append(t.protocol())
        .append(" id ").append(t.queueId()).append("\r\n");
    t.tls().ifPresent(tls -> b.append("\t(using ").append(tls.protocol()).append(" with cipher ")
        .append(tls.cipherSuite()).append(")\r\n"));
    t.user().ifPresent(u -> b.append("\t(authenticated sender: ").append(u).append(")\r\n"));
    b.append('\t');
    t.forRecipient().ifPresent(r -> b.append("for <").append(r).append(">"));
    return b.append("; ").append(DATE.format(t.when())).append("\r\n").toString();
  }
}
