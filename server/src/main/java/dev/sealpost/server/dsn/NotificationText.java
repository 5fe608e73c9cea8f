package dev.sealpost.server.dsn;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The human-readable first part (RFC 6522 §3): says plainly what failed, why, and what the remote server
 * answered. Remote text goes through {@link FieldText} and is indented, so it cannot pose as a boundary.
 */
final class NotificationText {

  private NotificationText() {}

  static String render(String reportingMta, Instant arrival, List<RecipientOutcome> outcomes,
      Optional<ReturnedContent> returned) {
    StringBuilder b = new StringBuilder();
    b.append("This is the mail system at host ").append(reportingMta).append(".\r\n\r\n");
    boolean failed = outcomes.stream().anyMatch(o -> o.action() == Action.FAILED);
    boolean delayed = outcomes.stream().anyMatch(o -> o.action() == Action.DELAYED);
    if (failed) {
      b.append("Your message could not be delivered to one or more recipients.\r\n");
    } else if (delayed) {
      b.append("Your message has not been delivered yet to one or more recipients.\r\n"
          + "It is still being retried; you do not need to send it again.\r\n");
    } else {
      b.append("This is a report on the delivery of your message, as you asked.\r\n");
    }
    b.append("It arrived on ").append(DeliveryStatusFields.DATE.format(arrival)).append(".\r\n\r\n");
    for (RecipientOutcome o : outcomes) {
      b.append('<').append(FieldText.clean(o.originalAddress(), FieldText.MAX_NAME * 2)).append(">: ")
          .append(what(o)).append(" (").append(o.status()).append(").\r\n");
      o.diagnostic().map(d -> FieldText.clean(d, FieldText.MAX_DIAGNOSTIC)).filter(d -> !d.isEmpty())
          .ifPresent(d -> b.append("    ")
              .append(o.remoteMta().map(FieldText::hostName).filter(h -> !h.isEmpty())
                  .map(h -> "The server " + h + " replied:").orElse("The reason given:"))
              .append("\r\n    ").append(d).append("\r\n"));
      o.willRetryUntil().ifPresent(t -> b.append("    We will keep trying until ")
          .append(DeliveryStatusFields.DATE.format(t)).append(".\r\n"));
      b.append("\r\n");
    }
    returned.ifPresent(r -> {
      r.note().ifPresent(n -> b.append(n).append("\r\n"));
      b.append(r.full() ? "Your message is attached below.\r\n" : "The headers of your message are attached below.\r\n");
    });
    return b.toString();
  }

  private static String what(RecipientOutcome o) {
    return switch (o.action()) {
      case FAILED -> "delivery failed" + (o.status().klass() == 5 ? " permanently" : "; we gave up retrying");
      case DELAYED -> "delivery is delayed";
      case DELIVERED -> "delivered";
      case RELAYED -> "relayed to a server that sends no delivery reports";
      case EXPANDED -> "delivered to a list or alias, which forwarded it";
    };
  }
}
