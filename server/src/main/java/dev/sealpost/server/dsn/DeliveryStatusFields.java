package dev.sealpost.server.dsn;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The body of the message/delivery-status part (RFC 3464 §2.1): the per-message fields, then one block
 * of per-recipient fields for each outcome, blocks separated by an empty line. Always 7-bit.
 */
final class DeliveryStatusFields {

  /** RFC 5322 §3.3 date-time with a numeric zone, as RFC 3464 §2.2.5 asks. */
  static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final StringBuilder b = new StringBuilder();

  private DeliveryStatusFields() {}

  static String render(String reportingMta, Optional<String> envId, Instant arrival,
      List<RecipientOutcome> outcomes) {
    DeliveryStatusFields f = new DeliveryStatusFields();
    f.field("Reporting-MTA", "dns; " + reportingMta);
    // Stored decoded by the MAIL parser (RFC 3461 §4.4); the DSN carries the decoded text.
    envId.map(id -> FieldText.clean(id, 100)).filter(id -> !id.isEmpty())
        .ifPresent(id -> f.field("Original-Envelope-Id", id));
    f.field("Arrival-Date", DATE.format(arrival));
    for (RecipientOutcome o : outcomes) {
      f.b.append("\r\n");
      o.recipient().orcpt().ifPresent(orcpt -> f.field("Original-Recipient", FieldText.originalRecipient(orcpt)));
      f.field("Final-Recipient", FieldText.typedAddress(o.finalRecipient()));
      f.field("Action", o.action().token());
      f.field("Status", o.status().toString());
      o.remoteMta().map(FieldText::hostName).filter(h -> !h.isEmpty())
          .ifPresent(h -> f.field("Remote-MTA", "dns; " + h));
      o.diagnostic().map(d -> FieldText.clean(d, FieldText.MAX_DIAGNOSTIC)).filter(d -> !d.isEmpty())
          .ifPresent(d -> f.field("Diagnostic-Code", "smtp; " + d));
      o.lastAttempt().ifPresent(t -> f.field("Last-Attempt-Date", DATE.format(t)));
      o.willRetryUntil().ifPresent(t -> f.field("Will-Retry-Until", DATE.format(t)));
    }
    return f.b.toString();
  }

  private void field(String name, String value) {
    b.append(name).append(": ").append(value).append("\r\n");
  }
}
